using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Trees;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.SystemState;

public sealed partial class TimerCommand
{
    // timer -r: each CPU's hrtimer_bases, every clock base's active timers (an rbtree by expiry).
    private static void HrTimers(CommandContext context, int cpus, bool[]? chosen)
    {
        var kernel = context.Kernel;
        KObject bases = kernel.FindVariable("hrtimer_bases") ?? throw new CommandException("hrtimer_bases: symbol not found");
        long now0 = UptimeNs(kernel);
        var o = new StringBuilder();
        int shown = 0;
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            if (chosen != null && !chosen[cpu])
                continue;
            context.Cancellation.ThrowIfCancellationRequested();
            if (shown++ > 0)
                o.Append('\n');
            KObject cpuBase = bases.PerCpu(cpu);
            o.Append($"CPU: {cpu}  HRTIMER_CPU_BASE: {cpuBase.Address:x}\n");
            KObject clocks = cpuBase.Member("clock_base");
            long count = clocks.UnderlyingType is ArrayType a ? (long)(a.Length ?? 0) : 0;
            for (long j = 0; j < count; j++)
            {
                if (j > 0)
                    o.Append('\n');
                KObject clock = clocks.Index(j);
                ulong getTime = clock.Member("get_time").ToUInt64();
                o.Append($"  CLOCK: {j}  HRTIMER_CLOCK_BASE: {clock.Address:x}  [{Symbol(kernel, getTime)}]\n");
                long now = now0 + (clock.HasMember("offset") ? clock.Member("offset").ToInt64() : 0);
                var timers = new List<ulong>();
                foreach (ulong node in RbTreeWalk.Nodes(kernel, clock.Member("active").Member("rb_root").Member("rb_root").Address, 1 << 20))
                    timers.Add(node);
                if (timers.Count == 0)
                {
                    o.Append("  (empty)\n");
                    continue;
                }
                CType hrtimer = kernel.Type("struct hrtimer");
                KObject Timer(ulong node) => KObject.Reference(kernel, hrtimer, node); // node.node is the first member
                KObject last = Timer(timers[^1]);
                int expiresLen = Math.Max(7, last.Member("node.expires").ToInt64().ToString().Length);
                int softLen = Math.Max(11, last.Member("_softexpires").ToInt64().ToString().Length);
                int tteLen = (last.Member("node.expires").ToInt64() - now).ToString().Length;
                o.Append("  ").Append(CrashText.Center("CURRENT", softLen, leanRight: true)).Append('\n');
                o.Append("  ").Append(CrashText.Center(now.ToString(), softLen, leanRight: true)).Append('\n');
                o.Append($"  {CrashText.Center("SOFTEXPIRES", softLen, true)}  {CrashText.Center("EXPIRES", expiresLen, true)}  {CrashText.Center("TTE", tteLen, true)}  {CrashText.Center("HRTIMER", 16)}  {CrashText.Center("FUNCTION", 16)}\n");
                foreach (ulong node in timers)
                {
                    KObject t = Timer(node);
                    long expires = t.Member("node.expires").ToInt64(), soft = t.Member("_softexpires").ToInt64();
                    ulong function = t.Member("function").ToUInt64();
                    o.Append($"  {CrashText.Center(soft.ToString(), softLen, true)}  {CrashText.Center(expires.ToString(), expiresLen, true)}  {CrashText.RJust((expires - now).ToString(), tteLen)}  {node:x}  {function:x}  <{Symbol(kernel, function)}>\n");
                }
            }
        }
        context.Out.Write(o.ToString());
    }

    private static string Symbol(KernelProgram kernel, ulong address) =>
        kernel.ResolveAddress(address) is var (n, off) ? (off == 0 ? n : $"{n}+{off}") : "";

    // crash's get_uptime in nanoseconds: jiffies_64 less INITIAL_JIFFIES (-300 s, as a 32-bit value), times the tick.
    private static long UptimeNs(KernelProgram kernel)
    {
        ulong tick = kernel.FindVariable("tick_nsec")?.ToUInt64() ?? 1_000_000;
        if (tick == 0)
            tick = 1_000_000;
        ulong hz = 1_000_000_000UL / tick;
        ulong j64 = kernel.FindVariable("jiffies_64")?.ToUInt64() ?? kernel.FindVariable("jiffies")!.Value.ToUInt64();
        ulong wrapped = j64 & 0xffffffff00000000UL;
        if (wrapped != 0)
            j64 = ((wrapped - 0x100000000UL) | (j64 & 0xffffffffUL)) + 300 * hz;
        else
            j64 = unchecked(j64 - (ulong)(uint)unchecked((int)(-300 * (long)hz)));
        return unchecked((long)(j64 * (1_000_000_000UL / hz)));
    }
}
