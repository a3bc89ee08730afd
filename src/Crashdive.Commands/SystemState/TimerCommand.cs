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
    public string Summary => "timer queue data";

    /// <inheritdoc/>
    public string Help => HelpText;

    private static readonly string[] BaseNames = ["BASE_STD", "BASE_DEF", "BASE_GLOBAL"];

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt("rC:").Parse(args);
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

    /// <summary>crash 8.0.2's <c>help timer</c> text.</summary>
    public const string HelpText =
        """
        NAME
          timer - timer queue data

        SYNOPSIS
          timer [-r][-C cpu]

        DESCRIPTION
          This command displays the timer queue entries, both old- and new-style,
          in chronological order.  In the case of the old-style timers, the
          timer_table array index is shown; in the case of the new-style timers, 
          the timer_list address is shown.  On later kernels, the timer data is
          per-cpu.

            -r  Display hrtimer timer queue entries, both old- and new-style, in
                chronological order.  In the case of the old-style hrtimers, the
                expiration time is a single value; in the new-style hrtimers, the
                expiration time is a range.
         -C cpu Restrict the output to one or more CPUs, where multiple cpu[s] can
                be specified, for example, as "1,3,5", "1-3", or "1,3,5-7,10".

        EXAMPLES
         Display the timer queue on an SMP system:

            crash> timer
            JIFFIES
            4296291038
            ...
            TIMER_BASES[1][BASE_STD]: ffff9801aba5aa00
              EXPIRES        TTE         TIMER_LIST     FUNCTION
              4296282997    -8041  ffff9801aba55ce0  ffffffff83a3bda0  <mce_timer_fn>
              4296283104    -7934  ffff97fd84bd35e0  ffffffff83ac6b70  <delayed_work_timer_fn>
              4296291061       23  ffffa6b283967de0  ffffffff83b29880  <process_timeout>
              4296291112       74  ffff9800c9b62ad8  ffffffff83e6b550  <cursor_timer_handler>
              4296291345      307  ffff980186d5ef88  ffffffff84146b80  <tcp_keepalive_timer>
              4296291484      446  ffff9801a7c54740  ffffffff84147f50  <tcp_write_timer>
              4296291997      959  ffffffffc073f880  ffffffff83ac6b70  <delayed_work_timer_fn>
              4296296213     5175  ffffa6b28339be18  ffffffff83b29880  <process_timeout>
              4296304383    13345  ffff980194ca72a8  ffffffff8412e4e0  <tw_timer_handler>
              4296305724    14686  ffff980194ca6918  ffffffff8412e4e0  <tw_timer_handler>
              4296306036    14998  ffff980194ca6d58  ffffffff8412e4e0  <tw_timer_handler>
              4296306883    15845  ffff980194ca7e58  ffffffff8412e4e0  <tw_timer_handler>
              4296307588    16550  ffff9801aaa27e58  ffffffff8412e4e0  <tw_timer_handler>
              4296307625    16587  ffff980194ca6a28  ffffffff8412e4e0  <tw_timer_handler>
              4296313542    22504  ffff980194ca7c38  ffffffff8412e4e0  <tw_timer_handler>
              4296317680    26642  ffff9800c9149c58  ffffffff840da870  <neigh_timer_handler>
              4296317744    26706  ffff9801a5354468  ffffffff83ac6b70  <delayed_work_timer_fn>
              4296343322    52284  ffff980194ca63c8  ffffffff8412e4e0  <tw_timer_handler>
              4296343581    52543  ffff980194ca7088  ffffffff8412e4e0  <tw_timer_handler>
              4296343597    52559  ffff9801aaa274c8  ffffffff8412e4e0  <tw_timer_handler>
              4296714205   423167  ffffffff84caf3c0  ffffffff83ac6b70  <delayed_work_timer_fn>
            TIMER_BASES[1][BASE_DEF]: ffff9801aba5bc80
              EXPIRES        TTE         TIMER_LIST     FUNCTION
              4296291264      226  ffffffff855eb238  ffffffff83c08fb0  <writeout_period>
              4296319997    28959  ffffffffc06ede40  ffffffff83ac6b70  <delayed_work_timer_fn>
              4296506084   215046  ffff9801aba629c8  ffffffff83ac5ea0  <idle_worker_timeout>
            ...

          Display a new-style hrtimer queue:

            crash> timer -r
            ...
            CPU: 2  HRTIMER_CPU_BASE: ffff9801aba9cf00
              CLOCK: 0  HRTIMER_CLOCK_BASE: ffff9801aba9cf40  [ktime_get]
                 CURRENT
              1623742000000
               SOFTEXPIRES      EXPIRES         TTE         HRTIMER           FUNCTION
              1623741000000  1623741000000    -1000000  ffff9801aba9d540  ffffffff83b3c8e0  <tick_sched_timer>
              1624024000000  1624024000000   282000000  ffff9801aba9d720  ffffffff83b7e7a0  <watchdog_timer_fn>
              1626000939806  1626010929804  2268929804  ffffa6b28399fa40  ffffffff83b2c1e0  <hrtimer_wakeup>
              1627576915615  1627576915615  3834915615  ffff9801a5727978  ffffffff83b365c0  <posix_timer_fn>
              1627637194488  1627647194487  3905194487  ffffa6b283977db0  ffffffff83b2c1e0  <hrtimer_wakeup>
              1629937423000  1629937423000  6195423000  ffff9801a9af2900  ffffffff83cf3d30  <timerfd_tmrproc>

              CLOCK: 1  HRTIMER_CLOCK_BASE: ffff9801aba9cf80  [ktime_get_real]
                    CURRENT
              1558362388334558243
                  SOFTEXPIRES            EXPIRES             TTE           HRTIMER           FUNCTION
              1558362389331238000  1558362389331288000      996729757  ffffa6b28574bcf0  ffffffff83b2c1e0  <hrtimer_wakeup>
              1558364372000000000  1558364372000000000  1983665441757  ffff9801a3513278  ffffffff83b365c0  <posix_timer_fn>

              CLOCK: 2  HRTIMER_CLOCK_BASE: ffff9801aba9cfc0  [ktime_get_boottime]
              (empty)
            ...

        """;
}
