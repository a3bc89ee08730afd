using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Percpu;
using Crashdive.Helpers.Timers;
using Crashdive.Kernel;

namespace Crashdive.Commands.SystemState;

/// <summary><c>timer</c>: the timer wheel of each CPU, by expiry (hrtimers with -r).</summary>
public sealed partial class TimerCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-r][-C cpu]";

    /// <inheritdoc/>
    public string Name => "timer";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "timer",
        Summary = "timer queue data",
        Synopsis = Synopsis,
        Description = """
            Prints the value of jiffies, then for each CPU the pending timers of its timer wheel bases
            (BASE_STD, plus BASE_DEF and, from Linux 6.9, BASE_GLOBAL where timer migration exists), sorted by
            when they expire: the expiry in jiffies, the time left in jiffies (negative when overdue), the
            struct timer_list and its function. A base with no timers says (none).
            """,
        Options =
        [
            new("-r", null, "the high-resolution timers instead: each CPU's hrtimer clock bases and the timers queued on them, with their soft and hard expiry"),
            new("-C", "cpu", "only the CPUs listed (3, 1,4, 0-2)"),
        ],
        Examples =
        [
            new("timer -C 0", "CPU 0's timer wheel"),
            new("timer -r", "the hrtimers of every CPU"),
        ],
    };

    private static readonly string[] BaseNames = ["BASE_STD", "BASE_DEF", "BASE_GLOBAL"];

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\ntimer: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        if (parsed.Words.Count > 0)
        {
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        var kernel = context.Kernel;
        int cpus = Percpu.Of(kernel).CpuCount;
        bool hr = false;
        bool[]? chosen = null;
        foreach (var (letter, value) in parsed.Options)
        {
            if (letter == 'r')
                hr = true;
            else
            {
                chosen = new bool[cpus];
                foreach (int c in CpuSpec.Parse(value!, cpus))
                    chosen[c] = true;
            }
        }
        if (hr)
            HrTimers(context, cpus, chosen);
        else
            Wheel(context, cpus, chosen);
    }

    private static void Wheel(CommandContext context, int cpus, bool[]? chosen)
    {
        var kernel = context.Kernel;
        ulong jiffies = kernel.FindVariable("jiffies")?.ToUInt64() ?? throw new CommandException("jiffies: symbol not found");
        int flen = Math.Max(jiffies.ToString().Length, "JIFFIES".Length);
        var o = new StringBuilder();
        o.Append(CrashText.LJust("JIFFIES", flen)).Append('\n').Append(CrashText.RJust(jiffies.ToString(), flen)).Append("\n\n");
        int shown = 0;
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            if (chosen != null && !chosen[cpu])
                continue;
            context.Cancellation.ThrowIfCancellationRequested();
            KObject bases = TimerWheel.Bases(kernel, cpu);
            // crash shows BASE_DEF only where timer migration exists (NO_HZ_COMMON); 6.9+ adds BASE_GLOBAL.
            int nr = kernel.SymbolAddress("sysctl_timer_migration") is not null ? Math.Min(TimerWheel.BaseCount(bases), BaseNames.Length) : 1;
            if (shown++ > 0)
                o.Append('\n');
            for (int b = 0; b < nr; b++)
            {
                KObject tb = bases.Index(b);
                o.Append($"TIMER_BASES[{cpu}][{BaseNames[b]}]: {tb.Address:x}\n");
                var timers = TimerWheel.Pending(tb).OrderBy(t => t.Expires).ToList();
                long highest = 0;
                foreach (var t in timers)
                    highest = Math.Max(highest, Math.Abs(unchecked((long)(t.Expires - jiffies))));
                int tlen = Math.Max(highest.ToString().Length + 1, 3);
                o.Append($"  {CrashText.LJust("EXPIRES", flen)}     {CrashText.LJust("TTE", tlen)}     TIMER_LIST     FUNCTION\n");
                foreach (var t in timers)
                {
                    long tte = unchecked((long)(t.Expires - jiffies));
                    o.Append("  ").Append(CrashText.RJust(t.Expires.ToString(), flen));
                    o.Append("  ").Append(CrashText.RJust(tte.ToString(), tlen));
                    o.Append("  ").Append(CrashText.Center($"{t.Address,16:x}", 16)).Append("  ");
                    o.Append($"{t.Function,16:x}  <{FunctionName(kernel, t.Function)}>\n");
                }
                if (timers.Count == 0)
                    o.Append("  (none)\n");
            }
        }
        context.Out.Write(o.ToString());
    }

    // crash: the function's symbol, or, when it is not text, the symbol of the text it points to.
    private static string FunctionName(KernelProgram kernel, ulong function)
    {
        string? Sym(ulong a) => kernel.ResolveAddress(a) is var (n, off) ? (off == 0 ? n : $"{n}+{off}") : null;
        if (!IsText(kernel, function) && kernel.Memory.TryReadPointer(function, out ulong target) && IsText(kernel, target))
            return Sym(target) ?? "";
        return Sym(function) ?? "";
    }

    private static bool IsText(KernelProgram kernel, ulong address) =>
        kernel.SymbolAddress("_stext") is ulong s && kernel.SymbolAddress("_etext") is ulong e && address >= s && address < e
        || kernel.Regions.ModulesStart <= address && address < kernel.Regions.ModulesEnd;
}
