using System.Globalization;
using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Dumps;
using Crashdive.Helpers.Code;
using Crashdive.Helpers.Devices;
using Crashdive.Helpers.Kconfig;
using Crashdive.Helpers.Modules;
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
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandUsageException(parsed.Errors[0]);
        bool syscalls = false;
        foreach (var (letter, value) in parsed.Options)
        {
            switch (letter)
            {
                case 'p':
                    if (value != "anic")
                        throw new CommandUsageException("");
                    throw new CommandException("cannot panic a dumpfile!");
                case 'c':
                    syscalls = true;
                    break;
                case 't':
                    context.Out.Write(Taint(kernel));
                    return;
                case 'i':
                    context.Out.Write(Guard(() => DmiText(kernel)));
                    return;
            }
        }
        if (parsed.Words.Count == 0)
        {
            context.Out.Write(syscalls ? Guard(() => SyscallText(kernel, null, 0)) : SystemSummary(kernel));
            return;
        }
        int count = 0;
        foreach (string word in parsed.Words)
        {
            if (syscalls)
                context.Out.Write(Guard(() => SyscallText(kernel, word, count++)));
            else if (word == "config")
                context.Out.Write(Guard(() => ConfigText(kernel)));
            else
                throw new CommandUsageException("");
        }
    }

    private static string Guard(Func<string> build)
    {
        try
        {
            return build();
        }
        catch (Exception e) when (e is KernelObjectException or MemoryFaultException)
        {
            throw new CommandException(e.Message);
        }
    }

    /// <summary>crash's <c>show_kernel_taints(VERBOSE)</c>: the mask in hex, two spaces, the letters.</summary>
    private static string Taint(KernelProgram kernel) =>
        $"TAINTED_MASK: {KernelTaint.Mask(kernel):x}  {KernelTaint.Letters(kernel)}\n";

    /// <summary>crash's <c>dump_dmi_info()</c>: the fields that have a string, names right-aligned to the longest.</summary>
    private static string DmiText(KernelProgram kernel)
    {
        var fields = Dmi.Fields(kernel);
        int width = 0;
        foreach (var (f, _) in fields)
            width = Math.Max(width, f.Length);
        var o = new StringBuilder();
        foreach (var (f, v) in fields)
        {
            if (v != null)
                o.Append("  ").Append(f.PadLeft(width)).Append(": ").Append(v).Append('\n');
        }
        return o.ToString();
    }

    private const string SyscallHeader = "NUM  SYSTEM CALL                FILE AND LINE NUMBER\n";

    /// <summary>
    /// crash's <c>dump_sys_call_table()</c>: every entry, or with <paramref name="spec"/> the entry of that
    /// number or those whose name contains it; the header only before the first command argument's lines.
    /// </summary>
    private static string SyscallText(KernelProgram kernel, string? spec, int argumentIndex)
    {
        var (entries, confirmed) = SyscallTable.Read(kernel);
        int? number = null;
        if (spec != null && spec.Length > 0 && spec.All(char.IsAsciiDigit))
            number = int.TryParse(spec, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : -1;
        else if (spec != null && spec.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && spec.Length > 2 && spec[2..].All(char.IsAsciiHexDigit))
            number = int.TryParse(spec[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int h) ? h : -1;
        string? build = SyscallTable.BuildDirectory(kernel);
        ulong ni = kernel.SymbolAddress("sys_ni_syscall") ?? 0;
        var o = new StringBuilder();
        bool header = spec == null || argumentIndex > 0;
        if (spec == null)
            o.Append(SyscallHeader);
        foreach (var e in entries)
        {
            if (number is int want && e.Number != want)
                continue;
            if (e.Name == null)
            {
                if (!confirmed)
                    continue;
                // crash's parse of its own line: the second word is "invalid", so a name never matches it
                if (spec != null && (number == null && !"invalid".Contains(spec, StringComparison.Ordinal)))
                    continue;
                if (!header)
                {
                    o.Append(SyscallHeader);
                    header = true;
                }
                string sym = DevicesSymbol(kernel, e.Handler);
                o.Append($"{e.Number,3}  invalid sys_call_table entry: {e.Handler:x} ").Append(sym.Length > 0 ? $"({sym})\n" : "\n");
                if (number != null)
                    break;
                continue;
            }
            string name = ni != 0 && e.Handler == ni ? "sys_ni_syscall" : e.Name;
            if (spec != null && number == null && !name.Contains(spec, StringComparison.Ordinal))
                continue;
            if (!header)
            {
                o.Append(SyscallHeader);
                header = true;
            }
            o.Append($"{e.Number,3}  {name,-26} ").Append(SyscallTable.SourceOf(kernel, e.Handler, build)).Append('\n');
            if (number != null)
                break;
        }
        return o.ToString();
    }

    private static string DevicesSymbol(KernelProgram kernel, ulong value) =>
        Crashdive.Helpers.Code.KernelCode.SymbolString(kernel, value) ?? "";

    /// <summary>crash's <c>sys config</c>: the kernel's built-in configuration, or why there is none.</summary>
    private static string ConfigText(KernelProgram kernel)
    {
        if (!Ikconfig.Present(kernel))
            throw new CommandException("kernel_config_data does not exist in this kernel");
        var o = new StringBuilder();
        foreach (string line in Ikconfig.CrashLines(Ikconfig.Text(kernel)))
            o.Append(line).Append('\n');
        return o.ToString();
    }

    /// <summary>crash's <c>display_sys_stats()</c> block.</summary>
    public static string SystemSummary(KernelProgram kernel)
    {
        var f = Facts(kernel);
        var sb = new StringBuilder(1024);
        sb.Append("      KERNEL: ").Append(f.Kernel).Append('\n');
        sb.Append("    DUMPFILE: ").Append(f.DumpFile);
        if (f.PartialDump)
            sb.Append("  [PARTIAL DUMP]");
        sb.Append('\n');
        sb.Append("        CPUS: ").Append(f.Cpus).Append('\n');
        sb.Append("        DATE: ").Append(f.Date).Append('\n');
        sb.Append("      UPTIME: ").Append(f.Uptime).Append('\n');
        sb.Append("LOAD AVERAGE: ").Append(f.LoadAverage).Append('\n');
        sb.Append("       TASKS: ").Append(f.Tasks).Append('\n');
        sb.Append("    NODENAME: ").Append(f.NodeName).Append('\n');
        sb.Append("     RELEASE: ").Append(f.Release).Append('\n');
        sb.Append("     VERSION: ").Append(f.Version).Append('\n');
        sb.Append("     MACHINE: ").Append(f.Machine);
        if (f.Mhz > 0)
            sb.Append("  (").Append(f.Mhz).Append(" Mhz)");
        sb.Append('\n');
        sb.Append("      MEMORY: ").Append(f.Memory).Append('\n');
        if (f.Panic != null)
            sb.Append("       PANIC: \"").Append(f.Panic).Append("\"\n");
        return sb.ToString();
    }

    /// <summary>The facts of the summary, as text the way crash words them.</summary>
    private sealed record SystemFacts(string Kernel, string DumpFile, bool PartialDump, int Cpus, string Date, long XtimeSeconds,
        string Uptime, string LoadAverage, int Tasks, string NodeName, string Release, string Version, string Machine, ulong Mhz,
        string Memory, string? Panic);

    private static SystemFacts Facts(KernelProgram kernel)
    {
        var describe = kernel.Dump.Describe();
        var level = describe.FirstOrDefault(kv => kv.Key == "dump_level").Value;
        bool partial = kernel.Dump.Format == DumpFormat.Kdump && level != null && !level.StartsWith("0 ", StringComparison.Ordinal);
        int hz = Jiffies.Hz(kernel);
        KObject uts = kernel.Variable("init_uts_ns").Member("name");
        ulong mhz = kernel.FindVariable("cpu_khz") is KObject khz ? khz.ToUInt64() / 1000 : 0;
        long secs = kernel.Variable("tk_core").Member("timekeeper.xtime_sec").ToInt64();
        return new SystemFacts(kernel.Vmlinux?.Path ?? "(none)", kernel.Dump.Path, partial, Runqueues.CpuCount(kernel), Date(secs), secs,
            Jiffies.Format(Jiffies.Uptime(kernel), hz), LoadAverage(kernel), TaskTable.Of(kernel).Tasks.Count,
            uts.Member("nodename").ReadString(), uts.Member("release").ReadString(), uts.Member("version").ReadString(),
            uts.Member("machine").ReadString(), mhz, MemorySize(kernel), PanicMessage(kernel));
    }

    /// <summary>
    /// <paramref name="secs"/> (seconds since the epoch) as crash prints DATE: C's <c>%a %b %e %T %Z %Y</c> in UTC,
    /// the day of the month padded with a space (<c>Mon Dec  7 23:08:22 UTC 2026</c>).
    /// </summary>
    public static string Date(long secs)
    {
        var d = DateTimeOffset.FromUnixTimeSeconds(secs).UtcDateTime;
        return d.ToString("ddd MMM ", CultureInfo.InvariantCulture) + d.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) +
            d.ToString(" HH:mm:ss", CultureInfo.InvariantCulture) + " UTC " + d.Year;
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
