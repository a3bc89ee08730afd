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
    public string Summary => "IRQ data";

    /// <inheritdoc/>
    public string Help => HelpText;

    private const int Wide = 16;

    private const int HeaderLength = 54; // " IRQ  " + 16 + "  " + 16 + "  NAME\n" // MAX(VADDR_PRLEN, strlen("IRQ_DESC/_DATA"))

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt("dbuasc:").Parse(args);
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

    /// <summary>crash 8.0.2's <c>help irq</c> text.</summary>
    public const string HelpText =
        """
        NAME
          irq - IRQ data

        SYNOPSIS
          irq [[[index ...] | -u ] | -d | -b | -a | -s [-c cpu]]

        DESCRIPTION
          This command collaborates the data in an irq_desc_t, along with its
          associated hw_interrupt_type and irqaction structure data, into a
          consolidated per-IRQ display.  For kernel versions 2.6.37 and later
          the display consists of the irq_desc/irq_data address, its irqaction
          address(es), and the irqaction name strings.  Alternatively, the
          intel interrupt descriptor table, bottom half data, cpu affinity for
          in-use irqs, or kernel irq stats may be displayed.  If no index value
          argument(s) nor any options are entered, the IRQ data for all IRQs will
          be displayed.

            index   a valid IRQ index.
               -u   dump data for in-use IRQs only.
               -d   dump the intel interrupt descriptor table.
               -b   dump bottom half data.
               -a   dump cpu affinity for in-use IRQs.
               -s   dump the kernel irq stats; if no cpu specified with -c, the
                    irq stats of all cpus will be displayed.
           -c cpu   only usable with the -s option, dump the irq stats of the 
                    specified cpu[s]; cpu can be specified as "1,3,5", "1-3",
                    "1,3,5-7,10", "all", or "a" (shortcut for "all").

        EXAMPLES
          Display the relevant data for IRQ 18 from a pre-2.6.37 kernel:

            crash> irq 18
                IRQ: 18
             STATUS: 0 
            HANDLER: c02301e0  <ioapic_level_irq_type>
                     typename: c01f9e0c  "IO-APIC-level"
                      startup: c0110234  <unmask_IO_APIC_irq>
                     shutdown: c01101cc  <mask_IO_APIC_irq>
                       handle: c0110518  <do_level_ioapic_IRQ>
                       enable: c0110234  <unmask_IO_APIC_irq>
                      disable: c01101cc  <mask_IO_APIC_irq>
             ACTION: c009c6b0
                      handler: c01ce818  <do_aic7xxx_isr>
                        flags: 4000000  (SA_SHIRQ)
                         mask: 0
                         name: c0217780  "aic7xxx"
                       dev_id: c0090078
                         next: c009c770
             ACTION: c009c770
                      handler: c01ce818  <do_aic7xxx_isr>
                        flags: 4000000  (SA_SHIRQ)
                         mask: 0
                         name: c0217780  "aic7xxx"
                       dev_id: c0091078
                         next: 0
              DEPTH: 0

          Display the relevant data for IRQ 21 from a 2.6.37 kernel:

            crash> irq 21
             IRQ   IRQ_DESC/_DATA      IRQACTION      NAME
             21   ffff88003787f780  ffff8800379a8b40  "ehci_hcd:usb2"
                                    ffff8800379cbac0  "uhci_hcd:usb5"
                                    ffff8800379cb140  "uhci_hcd:usb7"

          Display the intel interrupt descriptor table entries:

            crash> irq -d
              [0] divide_error
              [1] debug
              [2] nmi
              [3] int3
              [4] overflow
              [5] bounds
              [6] invalid_op
              [7] device_not_available
              [8] double_fault
              [9] coprocessor_segment_overrun
             [10] invalid_TSS
             [11] segment_not_present
             [12] stack_segment
             [13] general_protection
             [14] page_fault
             [15] spurious_interrupt_bug
             [16] coprocessor_error
             [17] alignment_check
             [18] ignore_int
             [19] ignore_int
             [20] ignore_int
             [21] ignore_int
            ...

            [250] IRQ0xda_interrupt
            [251] IRQ0xdb_interrupt
            [252] IRQ0xdc_interrupt
            [253] IRQ0xdd_interrupt
            [254] IRQ0xde_interrupt
            [255] spurious_interrupt

          Display the bottom half data:

            crash> irq -b
            SOFTIRQ_VEC      ACTION     
                [0]     ffffffff81068f60  <tasklet_hi_action> 
                [1]     ffffffff81071b80  <run_timer_softirq> 
                [2]     ffffffff813e6f30  <net_tx_action> 
                [3]     ffffffff813ee370  <net_rx_action> 
                [4]     ffffffff81211a60  <blk_done_softirq> 
                [5]     ffffffff812122f0  <blk_iopoll_softirq> 
                [6]     ffffffff81069090  <tasklet_action> 
                [7]     ffffffff81058830  <run_rebalance_domains> 
                [8]     ffffffff81087f00  <run_hrtimer_softirq> 
                [9]     ffffffff810ca7a0  <rcu_process_callbacks> 

          Display the cpu affinity for in-use IRQs:

            crash> irq -a
            IRQ NAME                 AFFINITY
              0 timer                0-23
              1 i8042                0-23
              8 rtc0                 0-23
              9 acpi                 0-23
             16 ehci_hcd:usb2,uhci_hcd:usb3,uhci_hcd:usb6 0,6,18
             17 uhci_hcd:usb4,uhci_hcd:usb7 0-23
             18 ehci_hcd:usb1,uhci_hcd:usb5,uhci_hcd:usb8,ioc0 0,11,23
             24 dmar0                0
             35 pciehp               0-23
             36 pciehp               0-23
             37 pciehp               0-23
             38 pciehp               0-23
             39 megasas              0-5,12-17
             40 lpfc:sp              0-5,12-17
             41 lpfc:fp              0,6-11,18-23
             42 lpfc:sp              0,6-11,18-23
             43 lpfc:fp              0,6-11,18-23
            ...

             80 ioat-msix            0-23
             81 ioat-msix            0-23
             82 ioat-msix            0-23
             83 ioat-msix            0-23
             84 ioat-msix            0-23
             85 ioat-msix            0-23
             86 ioat-msix            0-23
             87 ioat-msix            0-23
             88 eth4                 0,17

          Display the kernel irq stats:

            crash>irq -c 0,2 -s
                       CPU0       CPU2 
              0: 2068161471          0 IR-IO-APIC-edge     timer
              1:          9          0 IR-IO-APIC-edge     i8042
              8:          1          0 IR-IO-APIC-edge     rtc0
              9:          0          0 IR-IO-APIC-fasteoi  acpi
             16:         36          0 IR-IO-APIC-fasteoi  ehci_hcd:usb2
            ...

             85:          3          0 IR-PCI-MSI-edge     ioat-msix
             86:          3          0 IR-PCI-MSI-edge     ioat-msix
             87:          3          0 IR-PCI-MSI-edge     ioat-msix
             88:         24        295 IR-PCI-MSI-edge     eth4
        """;
}
