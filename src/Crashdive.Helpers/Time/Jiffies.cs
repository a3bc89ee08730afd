using Crashdive.Kernel;

namespace Crashdive.Helpers.Time;

/// <summary>Kernel time in ticks (kernel/time/jiffies.c): HZ and the uptime in jiffies as crash computes them.</summary>
public static class Jiffies
{
    /// <summary>
    /// The kernel's HZ: <c>NSEC_PER_SEC / tick_nsec</c> rounded (tick_nsec is TICK_NSEC, give or take
    /// NTP's few parts per million), else 1000 as crash assumes on x86-64.
    /// </summary>
    public static int Hz(KernelProgram kernel) => kernel.Cached(static k => new HzBox(ComputeHz(k))).Value;

    private static int ComputeHz(KernelProgram kernel)
    {
        try
        {
            if (kernel.FindVariable("tick_nsec") is KObject t && t.ToUInt64() is ulong ns && ns > 0 && ns <= 100_000_000)
                return (int)Math.Round(1e9 / ns);
        }
        catch (Crashdive.Dumps.MemoryFaultException)
        {
        }
        return 1000;
    }

    /// <summary>
    /// Ticks since boot: <c>jiffies_64</c> less INITIAL_JIFFIES (<c>(unsigned int)-300*HZ</c>), with crash's
    /// correction when the counter passed 2^32 (<c>get_uptime()</c>).
    /// </summary>
    public static ulong Uptime(KernelProgram kernel)
    {
        int hz = Hz(kernel);
        KObject? j64 = kernel.FindVariable("jiffies_64");
        ulong j = (j64 ?? kernel.Variable("jiffies")).ToUInt64();
        if (j64 is null)
            return j;
        ulong wrapped = j & 0xffffffff00000000UL;
        if (wrapped != 0)
        {
            wrapped -= 0x100000000UL;
            j = (j & 0xffffffffUL) | wrapped;
            return j + (ulong)(300 * hz);
        }
        ulong initial = unchecked((uint)(-300 * hz));
        return unchecked(j - initial);
    }

    /// <summary>crash's <c>convert_time()</c>: ticks as <c>[N days, ]HH:MM:SS</c>.</summary>
    public static string Format(ulong ticks, int hz)
    {
        ulong total = ticks / (ulong)hz;
        ulong days = total / 86400;
        total %= 86400;
        string s = $"{total / 3600:D2}:{total % 3600 / 60:D2}:{total % 60:D2}";
        return days != 0 ? $"{days} days, {s}" : s;
    }

    private sealed record HzBox(int Value);
}
