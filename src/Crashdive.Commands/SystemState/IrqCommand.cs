using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Irq;
using Crashdive.Helpers.Percpu;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.SystemState;

/// <summary><c>irq</c>: interrupt descriptors and actions, the IDT (-d), softirq vectors (-b), affinity (-a), counts (-s).</summary>
public sealed class IrqCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[[[index ...] | -u ] | -d | -b | -a | -s [-c cpu]]";

    /// <inheritdoc/>
    public string Name => "irq";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "irq",
        Summary = "IRQ data",
        Synopsis = Synopsis,
        Description = """
            Without options, lists every interrupt number the kernel has room for: the irq_desc (or "(unused)"),
            each irqaction attached to it and the name it was requested under. Given IRQ numbers (decimal), only
            those. The options show other interrupt tables instead; -d, -b and -a each stop at the first one
            given.
            """,
        Options =
        [
            new("-u", null, "only the IRQs in use: leave out descriptors never allocated and those with no action on no_irq_chip"),
            new("-d", null, "the x86-64 interrupt descriptor table: each vector and the handler it enters"),
            new("-b", null, "the softirq vectors and their handler functions"),
            new("-a", null, "the CPU affinity of each IRQ in use"),
            new("-s", null, "per-CPU interrupt counts, laid out like /proc/interrupts"),
            new("-c", "cpu", "with -s: only the CPUs listed (3, 1,4, 0-2)"),
        ],
        Arguments = [new("index", "an IRQ number, decimal")],
        Examples =
        [
            new("irq -u", "the IRQs that have handlers"),
            new("irq -s -c 0", "CPU 0's interrupt counts"),
        ],
    };

    private const int Wide = 16;

    private const int HeaderLength = 54; // " IRQ  " + 16 + "  " + 16 + "  NAME\n" // MAX(VADDR_PRLEN, strlen("IRQ_DESC/_DATA"))

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nirq: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        var kernel = context.Kernel;
        int cpus = Percpu.Of(kernel).CpuCount;
        bool inUse = false, counts = false;
        string? cpuList = null;
        foreach (var (letter, value) in parsed.Options)
        {
            switch (letter)
            {
                case 'd':
                    Idt(context);
                    return;
                case 'b':
                    Softirqs(context);
                    return;
                case 'a':
                    Affinity(context, cpus);
                    return;
                case 'u':
                    inUse = true;
                    break;
                case 's':
                    counts = true;
                    break;
                case 'c':
                    cpuList = value;
                    break;
            }
        }
        int nr = IrqDescs.Count(kernel);
        if (counts)
        {
            var chosen = new bool[cpus];
            if (cpuList is null)
                Array.Fill(chosen, true);
            else
            {
                foreach (int c in CpuSpec.Parse(cpuList, cpus))
                    chosen[c] = true;
            }
            Counts(context, nr, chosen);
            return;
        }
        var o = new StringBuilder();
        o.Append($" IRQ  {CrashText.Center("IRQ_DESC/_DATA", 16)}  {CrashText.Center("IRQACTION", 16)}  NAME\n");
        if (parsed.Words.Count == 0)
        {
            for (int irq = 0; irq < nr; irq++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                Line(o, kernel, irq, inUse);
            }
        }
        else
        {
            foreach (string word in parsed.Words)
            {
                if (!int.TryParse(word, out int irq) || irq < 0)
                    throw new CommandException($"invalid decimal argument: {word}");
                if (irq >= nr)
                {
                    context.Out.Write(o.Length > HeaderLength ? o.ToString() : "");
                    throw new CommandException($"invalid IRQ value: {irq}  ({nr - 1} max)");
                }
                Line(o, kernel, irq, false);
            }
        }
        context.Out.Write(o.ToString());
    }

    private static void Line(StringBuilder o, KernelProgram kernel, int irq, bool inUse)
    {
        KObject? desc = IrqDescs.Find(kernel, irq);
        ulong action = desc is KObject d ? d.Member("action").ToUInt64() : 0;
        // -u: crash skips descriptors without an action whose chip is no_irq_chip, and unallocated ones.
        if (inUse && (desc is null || (action == 0 && IrqDescs.Chip(desc.Value) == (kernel.SymbolAddress("no_irq_chip") ?? 1))))
            return;
        o.Append(CrashText.Center(irq.ToString(), 4, leanRight: true)).Append("  ");
        o.Append(desc is KObject dd ? CrashText.Center($"{dd.Address:x}", Wide) : CrashText.Center("(unused)", Wide)).Append("  ");
        if (desc is not KObject de || action == 0)
        {
            o.Append(CrashText.Center("(unused)", Wide)).Append("  \n");
            return;
        }
        bool first = true;
        foreach (KObject a in IrqDescs.Actions(de))
        {
            if (!first)
                o.Append('\n').Append(' ', 4 + 2 + Wide + 2);
            first = false;
            o.Append(CrashText.Center($"{a.Address:x}", Wide)).Append("  ");
            if (IrqDescs.ActionName(a) is string name)
                o.Append('"').Append(name).Append('"');
        }
        o.Append('\n');
    }

    private static void Affinity(CommandContext context, int cpus)
    {
        var kernel = context.Kernel;
        var o = new StringBuilder("IRQ NAME                 AFFINITY\n");
        int nr = IrqDescs.Count(kernel);
        for (int irq = 0; irq < nr; irq++)
        {
            if (IrqDescs.Find(kernel, irq) is not KObject desc || desc.Member("action").ToUInt64() == 0)
                continue;
            var names = new List<string>();
            foreach (KObject a in IrqDescs.Actions(desc))
            {
                if (IrqDescs.ActionName(a) is string n)
                    names.Add(n);
            }
            o.Append($"{irq,3} {string.Join(',', names),-20} ").Append(CpuRanges(IrqDescs.Affinity(desc, cpus))).Append('\n');
        }
        context.Out.Write(o.ToString());
    }

    /// <summary>crash's display_cpu_affinity: "0-3,5".</summary>
    public static string CpuRanges(bool[] set)
    {
        var parts = new List<string>();
        for (int c = 0; c < set.Length; c++)
        {
            if (!set[c])
                continue;
            int start = c;
            while (c + 1 < set.Length && set[c + 1])
                c++;
            parts.Add(start == c ? $"{c}" : $"{start}-{c}");
        }
        return string.Join(',', parts);
    }

    private static void Counts(CommandContext context, int nr, bool[] chosen)
    {
        var kernel = context.Kernel;
        var o = new StringBuilder("     ");
        for (int c = 0; c < chosen.Length; c++)
        {
            if (chosen[c])
                o.Append($"{"CPU" + c,10} ");
        }
        o.Append('\n');
        for (int irq = 0; irq < nr; irq++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (IrqDescs.Find(kernel, irq) is not KObject desc || desc.Member("action").ToUInt64() == 0)
                continue;
            o.Append($"{irq,3}: ");
            for (int c = 0; c < chosen.Length; c++)
            {
                if (chosen[c])
                    o.Append($"{IrqDescs.CountOn(desc, c),10} ");
            }
            ulong chip = IrqDescs.Chip(desc);
            if (chip != 0)
            {
                KObject chipObj = KObject.Reference(kernel, ((PointerType)desc.Member("irq_data.chip").UnderlyingType).Target, chip);
                string chipName = kernel.Memory.TryReadCString(chipObj.Member("name").ToUInt64(), 256) ?? "";
                o.Append($"{chipName,8}");
                if (kernel.Memory.TryReadCString(desc.Member("name").ToUInt64(), 256) is string flow)
                    o.Append($"-{flow,-8}");
            }
            var names = new List<string>();
            foreach (KObject a in IrqDescs.Actions(desc))
            {
                if (IrqDescs.ActionName(a) is string n)
                    names.Add(n);
            }
            o.Append(' ').Append(string.Join(',', names)).Append('\n');
        }
        context.Out.Write(o.ToString());
    }

    private static void Idt(CommandContext context)
    {
        var kernel = context.Kernel;
        ulong table = kernel.SymbolAddress("idt_table") ?? throw new CommandException("idt_table: symbol not found");
        var buffer = new byte[16 * 256];
        kernel.Memory.Read(table, buffer);
        var o = new StringBuilder();
        for (int i = 0; i < 256; i++)
        {
            // struct gate_struct: offset_low (16), segment, bits, offset_middle (16), offset_high (32), reserved
            ulong i1 = BitConverter.ToUInt64(buffer, i * 16), i2 = BitConverter.ToUInt64(buffer, i * 16 + 8);
            ulong addr = (i2 << 32) | (i1 & 0xffff) | ((i1 >> 32) & 0xffff0000);
            string name = kernel.ResolveAddress(addr) is var (n, off) ? (off == 0 ? n : $"{n}+{off}") : $"{addr:x16}";
            o.Append(i < 10 ? "  " : i < 100 ? " " : "").Append($"[{i}] {name}\n");
        }
        context.Out.Write(o.ToString());
    }

    private static void Softirqs(CommandContext context)
    {
        var kernel = context.Kernel;
        if (kernel.FindVariable("softirq_vec") is not KObject vec || vec.UnderlyingType is not ArrayType a)
            throw new CommandException("bottom-half option not supported");
        var o = new StringBuilder($"SOFTIRQ_VEC {CrashText.Center("ACTION", 16, leanRight: true)}\n");
        for (long i = 0; i < (long)(a.Length ?? 0); i++)
        {
            ulong action = vec.Index(i).Member("action").ToUInt64();
            if (action == 0)
                continue;
            string sym = kernel.ResolveAddress(action) is var (n, off) ? (off == 0 ? n : $"{n}+{off}") : "";
            o.Append($"    [{i}]{(i < 10 ? "    " : "   ")} {action:x16}  <{sym}>\n");
        }
        context.Out.Write(o.ToString());
    }
}
