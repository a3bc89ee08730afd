using Crashdive.Kernel;

namespace Crashdive.Helpers.Sched;

/// <summary>
/// The scheduler's per-CPU run queues (<c>struct rq runqueues</c>, kernel/sched/core.c): the task
/// running on each CPU, its idle task, the queue clock, and the CPU that panicked.
/// </summary>
public static partial class Runqueues
{
    /// <summary>The CPUs with a run queue (those whose per-cpu area is set up).</summary>
    public static int CpuCount(KernelProgram kernel) => Percpu.Percpu.Of(kernel).CpuCount;

    /// <summary><c>per_cpu(runqueues, cpu)</c>: <c>struct rq</c>.</summary>
    public static KObject Of(KernelProgram kernel, int cpu) => kernel.Variable("runqueues").PerCpu(cpu);

    /// <summary><c>rq-&gt;curr</c>: the task running on <paramref name="cpu"/> when the dump was taken (<c>struct task_struct *</c>).</summary>
    public static ulong Curr(KernelProgram kernel, int cpu) => Of(kernel, cpu).Member("curr").ToUInt64();

    /// <summary><c>rq-&gt;idle</c>: the idle task of <paramref name="cpu"/> (<c>swapper/N</c>, PID 0).</summary>
    public static ulong Idle(KernelProgram kernel, int cpu) => Of(kernel, cpu).Member("idle").ToUInt64();

    /// <summary><c>rq-&gt;clock</c> in nanoseconds (crash's <c>rq_timestamp</c>).</summary>
    public static ulong Clock(KernelProgram kernel, int cpu) => Of(kernel, cpu).Member("clock").ToUInt64();

    /// <summary>The running task of every CPU (crash's active set), CPU by CPU; 0 where unreadable.</summary>
    public static IReadOnlyList<ulong> ActiveTasks(KernelProgram kernel) => ActiveSetOf(kernel).Tasks;

    private static ActiveSet ActiveSetOf(KernelProgram kernel) => kernel.Cached(static k => new ActiveSet(k));

    /// <summary>
    /// The CPU that panicked: <c>panic_cpu</c>, which <c>panic()</c> and <c>crash_kexec()</c> set before
    /// the dump is taken (-1 when nothing panicked), else x86's <c>crashing_cpu</c>; null when neither says.
    /// </summary>
    public static int? PanicCpu(KernelProgram kernel)
    {
        int cpus = CpuCount(kernel);
        foreach (string name in new[] { "panic_cpu", "crashing_cpu" })
        {
            if (kernel.FindVariable(name) is not KObject v)
                continue;
            try
            {
                KObject value = v.HasMember("counter") ? v.Member("counter") : v;
                long cpu = value.ToInt64();
                if (cpu >= 0 && cpu < cpus)
                    return (int)cpu;
            }
            catch (Crashdive.Dumps.MemoryFaultException)
            {
            }
        }
        return null;
    }

    /// <summary>The task that was running on the panicking CPU (<c>struct task_struct *</c>), or 0 when no CPU panicked.</summary>
    public static ulong PanicTask(KernelProgram kernel)
    {
        if (PanicCpu(kernel) is not int cpu)
            return 0;
        var active = ActiveTasks(kernel);
        return cpu < active.Count ? active[cpu] : 0;
    }

    /// <summary>The CPU on which <paramref name="task"/> is the running task, or -1.</summary>
    public static int ActiveCpu(KernelProgram kernel, ulong task)
    {
        var active = ActiveTasks(kernel);
        for (int i = 0; i < active.Count; i++)
        {
            if (active[i] == task)
                return i;
        }
        return -1;
    }

    private sealed class ActiveSet
    {
        public ActiveSet(KernelProgram kernel)
        {
            int n = CpuCount(kernel);
            var list = new ulong[n];
            for (int cpu = 0; cpu < n; cpu++)
            {
                try
                {
                    list[cpu] = Curr(kernel, cpu);
                }
                catch (Exception e) when (e is Crashdive.Dumps.MemoryFaultException or KernelObjectException)
                {
                    list[cpu] = 0; // unreadable, or no runqueues in the debuginfo
                }
            }
            Tasks = list;
        }

        /// <summary>The running task per CPU; <see cref="MarkActive"/> may replace one.</summary>
        public ulong[] Tasks { get; }
    }
}
