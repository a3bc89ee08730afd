using Crashdive.Dumps;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// The task running on each CPU (<c>runqueues.curr</c>) and the panic task (the one running on
/// <c>panic_cpu</c>). A small private version for backtraces; the tasks helper grows the shared one.
/// </summary>
public static class ActiveTasks
{
    /// <summary>The task address running on each CPU (0 where unreadable).</summary>
    public static IReadOnlyList<ulong> PerCpu(KernelProgram kernel) => kernel.Cached(k => new Holder(Read(k))).Tasks;

    private sealed class Holder(ulong[] tasks)
    {
        public ulong[] Tasks { get; } = tasks;
    }

    private static ulong[] Read(KernelProgram kernel)
    {
        int cpus = Percpu.Percpu.Of(kernel).CpuCount;
        var result = new ulong[Math.Max(cpus, 0)];
        if (kernel.FindVariable("runqueues") is not KObject rq)
            return result;
        for (int c = 0; c < result.Length; c++)
        {
            try
            {
                result[c] = rq.PerCpu(c).Member("curr").ToUInt64();
            }
            catch (Exception e) when (e is KernelObjectException or MemoryFaultException)
            {
            }
        }
        return result;
    }

    /// <summary>The CPU <paramref name="task"/> is running on, or -1 when it is not running.</summary>
    public static int CpuOf(KernelProgram kernel, ulong task)
    {
        var all = PerCpu(kernel);
        for (int c = 0; c < all.Count; c++)
        {
            if (all[c] == task)
                return c;
        }
        return -1;
    }

    /// <summary>The CPU that panicked (<c>panic_cpu</c>), or -1.</summary>
    public static int PanicCpu(KernelProgram kernel)
    {
        try
        {
            if (kernel.FindVariable("panic_cpu") is KObject p)
            {
                long v = (p.HasMember("counter") ? p.Member("counter") : p).ToInt64();
                if (v >= 0 && v < PerCpu(kernel).Count)
                    return (int)v;
            }
        }
        catch (Exception e) when (e is KernelObjectException or MemoryFaultException)
        {
        }
        return -1;
    }

    /// <summary>The panic task's address, or 0.</summary>
    public static ulong PanicTask(KernelProgram kernel)
    {
        int c = PanicCpu(kernel);
        return c >= 0 ? PerCpu(kernel)[c] : 0;
    }
}
