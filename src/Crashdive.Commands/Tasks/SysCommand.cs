using System.Globalization;
using System.Text;
using Crashdive.Dumps;
using Crashdive.Helpers.Printk;
using Crashdive.Helpers.Sched;
using Crashdive.Helpers.Tasks;
using Crashdive.Helpers.Time;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

/// <summary>
/// <c>sys</c>: the system summary crash prints at startup. TASKS counts every task in the task lists
/// (crash 8.0.2 counts what its PID-hash walk found: 3 on Debian's 6.1 kernel).
/// </summary>
public sealed partial class SysCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "sys";

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var kernel = context.Kernel;
        if (args.Count > 0)
        {
            switch (args[0])
            {
                case "-panic":
                    throw new CommandException("cannot panic a dumpfile!");
                case "config":
                    if (kernel.SymbolAddress("kernel_config_data") is null)
                        throw new CommandException("kernel_config_data does not exist in this kernel");
                    throw new CommandException("reading the kernel's built-in config is not supported yet");
                case "-t":
                    context.Out.Write(Taint(kernel));
                    return;
                case "-c":
                case "-i":
                    throw new CommandException($"{args[0]} is not supported yet");
                default:
                    throw new CommandUsageException(args[0].StartsWith('-') ? $"invalid option -- '{args[0][1..]}'" : "");
            }
        }
        context.Out.Write(SystemSummary(kernel));
    }

    private static string Taint(KernelProgram kernel)
    {
        ulong mask = kernel.FindVariable("tainted_mask") is KObject t ? t.ToUInt64() : 0;
        return $"TAINTED_MASK: {mask:x}  \n";
    }

    /// <summary>crash's <c>display_sys_stats()</c> block.</summary>
    public static string SystemSummary(KernelProgram kernel)
    {
        var sb = new StringBuilder(1024);
        sb.Append("      KERNEL: ").Append(kernel.Vmlinux?.Path ?? "(none)").Append('\n');
        sb.Append("    DUMPFILE: ").Append(kernel.Dump.Path);
        var describe = kernel.Dump.Describe();
        var level = describe.FirstOrDefault(kv => kv.Key == "dump_level").Value;
        if (kernel.Dump.Format == DumpFormat.Kdump && level != null && !level.StartsWith("0 ", StringComparison.Ordinal))
            sb.Append("  [PARTIAL DUMP]");
        sb.Append('\n');
        int hz = Jiffies.Hz(kernel);
        sb.Append("        CPUS: ").Append(Runqueues.CpuCount(kernel)).Append('\n');
        sb.Append("        DATE: ").Append(Date(kernel)).Append('\n');
        sb.Append("      UPTIME: ").Append(Jiffies.Format(Jiffies.Uptime(kernel), hz)).Append('\n');
        sb.Append("LOAD AVERAGE: ").Append(LoadAverage(kernel)).Append('\n');
        sb.Append("       TASKS: ").Append(TaskTable.Of(kernel).Tasks.Count).Append('\n');
        KObject uts = kernel.Variable("init_uts_ns").Member("name");
        sb.Append("    NODENAME: ").Append(uts.Member("nodename").ReadString()).Append('\n');
        sb.Append("     RELEASE: ").Append(uts.Member("release").ReadString()).Append('\n');
        sb.Append("     VERSION: ").Append(uts.Member("version").ReadString()).Append('\n');
        sb.Append("     MACHINE: ").Append(uts.Member("machine").ReadString());
        if (kernel.FindVariable("cpu_khz") is KObject khz && khz.ToUInt64() / 1000 is ulong mhz && mhz > 0)
            sb.Append("  (").Append(mhz).Append(" Mhz)");
        sb.Append('\n');
        sb.Append("      MEMORY: ").Append(MemorySize(kernel)).Append('\n');
        string? panic = PanicMessage(kernel);
        if (panic != null)
            sb.Append("       PANIC: \"").Append(panic).Append("\"\n");
        return sb.ToString();
    }

    private static string Date(KernelProgram kernel)
    {
        long secs = kernel.Variable("tk_core").Member("timekeeper.xtime_sec").ToInt64();
        var d = DateTimeOffset.FromUnixTimeSeconds(secs).UtcDateTime;
        return d.ToString("ddd MMM dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC " + d.Year;
    }

    private static string LoadAverage(KernelProgram kernel)
    {
        const ulong fixed1 = 1 << 11;
        KObject avenrun = kernel.Variable("avenrun");
        var parts = new string[3];
        for (int i = 0; i < 3; i++)
        {
            ulong a = avenrun.Index(i).ToUInt64() + fixed1 / 200;
            parts[i] = $"{a >> 11}.{((a & (fixed1 - 1)) * 100) >> 11:D2}";
        }
        return string.Join(", ", parts);
    }

    /// <summary>crash's <c>get_memory_size()</c>: present pages of every node, rounded up to a GB when within 64 MB of it.</summary>
    private static string MemorySize(KernelProgram kernel)
    {
        ulong pages = 0;
        if (kernel.FindVariable("node_data") is KObject nodeData)
        {
            int n = nodeData.UnderlyingType is Crashdive.Symbols.Types.ArrayType a ? (int)Math.Min(a.Length ?? 1, 1024) : 1;
            for (int i = 0; i < n; i++)
            {
                ulong pgdat = nodeData.Index(i).ToUInt64();
                if (pgdat != 0)
                    pages += nodeData.Index(i).Member("node_present_pages").ToUInt64();
            }
        }
        else if (kernel.FindVariable("contig_page_data") is KObject c)
            pages = c.Member("node_present_pages").ToUInt64();
        ulong total = pages * 4096;
        const ulong gb = 1UL << 30;
        ulong next = (total + gb - 1) / gb * gb;
        if (next != 0 && next - total <= 64UL << 20)
            total = next;
        double t = total;
        string s = t >= gb ? (t / gb).ToString("0.0", CultureInfo.InvariantCulture) + " GB"
            : t >= 1 << 20 ? (t / (1 << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
            : (total / 1024) + " KB";
        return s.Replace(".0 ", " ", StringComparison.Ordinal);
    }

    /// <summary>The panic message crash's <c>get_panicmsg()</c> finds in the log, by its rules in order.</summary>
    public static string? PanicMessage(KernelProgram kernel)
    {
        List<string> lines;
        try
        {
            lines = [];
            foreach (var r in PrintkRingBuffer.Read(kernel).Records())
            {
                if (r.Text != null)
                    lines.AddRange(r.Text.Split('\n'));
            }
        }
        catch (Exception e) when (e is PrintkException or MemoryFaultException)
        {
            return null;
        }
        string[][] rules =
        [
            ["general protection fault: ", "double fault: ", "divide error: ", "stack segment: "],
            ["SysRq : Netdump", "SysRq : Crash", "SysRq : Trigger a crash"],
            ["Oops: ", "Kernel BUG at", "kernel BUG at", "Unable to handle kernel paging request",
             "Unable to handle kernel NULL pointer dereference", "BUG: unable to handle kernel "],
            ["Kernel panic: ", "Kernel panic - "],
            ["[Hardware Error]: "],
            ["Bad mode in "],
        ];
        foreach (var rule in rules)
        {
            foreach (string l in lines)
            {
                if (rule.Any(k => l.Contains(k, StringComparison.Ordinal)))
                    return l;
            }
        }
        return null;
    }
}
