using Crashdive.Helpers.Lists;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Tasks;

/// <summary>
/// Tasks as the kernel links them: processes on <c>init_task.tasks</c>, their threads on
/// <c>signal-&gt;thread_head</c>, the per-CPU idle tasks on each run queue. Fields read here are
/// looked up by name in the debuginfo, so older and newer layouts both work.
/// </summary>
public static class Tasks
{
    /// <summary><c>struct task_struct</c>.</summary>
    public static CType TaskType(KernelProgram kernel) => kernel.Type("struct task_struct");

    /// <summary><c>init_task</c> (PID 0 on CPU 0).</summary>
    public static KObject InitTask(KernelProgram kernel) => kernel.Variable("init_task");

    /// <summary>Thread group leaders: init_task, then every task on <c>init_task.tasks</c>.</summary>
    public static IEnumerable<KObject> Processes(KernelProgram kernel)
    {
        KObject init = InitTask(kernel);
        yield return init;
        foreach (KObject t in KernelList.Entries(kernel, init.Member("tasks").Address, init.Type, "tasks"))
            yield return t;
    }

    /// <summary>
    /// The threads of the group led by <paramref name="leader"/>, the leader first, from
    /// <c>signal-&gt;thread_head</c> (threads linked by <c>thread_node</c>).
    /// </summary>
    public static IEnumerable<KObject> Threads(KObject leader)
    {
        yield return leader;
        if (!leader.HasMember("thread_node"))
            yield break;
        ulong signal = leader.Member("signal").ToUInt64();
        if (signal == 0)
            yield break;
        KObject sig = KObject.Reference(leader.Kernel, ((PointerType)leader.Member("signal").UnderlyingType).Target, signal);
        foreach (KObject t in KernelList.Entries(leader.Kernel, sig.Member("thread_head").Address, leader.Type, "thread_node"))
        {
            if (t.Address != leader.Address)
                yield return t;
        }
    }

    /// <summary>Every task: each process's threads, in task-list order (idle tasks of other CPUs not included).</summary>
    public static IEnumerable<KObject> All(KernelProgram kernel)
    {
        foreach (KObject p in Processes(kernel))
        {
            foreach (KObject t in Threads(p))
                yield return t;
        }
    }

    /// <summary>The task whose pid is <paramref name="pid"/>, or null.</summary>
    public static KObject? FindByPid(KernelProgram kernel, int pid)
    {
        foreach (KObject t in All(kernel))
        {
            if (Pid(t) == pid)
                return t;
        }
        return null;
    }

    /// <summary>The task's pid.</summary>
    public static int Pid(KObject task) => (int)task.Member("pid").ToInt64();

    /// <summary>The task's thread group id.</summary>
    public static int Tgid(KObject task) => (int)task.Member("tgid").ToInt64();

    /// <summary>The task's command name (<c>comm</c>).</summary>
    public static string Comm(KObject task) => task.Member("comm").ReadString(16);

    /// <summary>The CPU the task last ran on (<c>task-&gt;cpu</c>, or <c>thread_info.cpu</c> on older kernels).</summary>
    public static int Cpu(KObject task) =>
        (int)(task.HasMember("cpu") ? task.Member("cpu") : task.Member("thread_info.cpu")).ToInt64();

    /// <summary>The raw task state (<c>__state</c> since 5.14, <c>state</c> before).</summary>
    public static ulong State(KObject task) =>
        (task.HasMember("__state") ? task.Member("__state") : task.Member("state")).ToUInt64();

    /// <summary>PF_KTHREAD in <c>task-&gt;flags</c> (include/linux/sched.h, unchanged since 2.6.27).</summary>
    public const uint PfKthread = 0x00200000;

    /// <summary>PF_EXITING in <c>task-&gt;flags</c>.</summary>
    public const uint PfExiting = 0x00000004;

    /// <summary><c>task-&gt;flags</c>.</summary>
    public static uint Flags(KObject task) => (uint)task.Member("flags").ToUInt64();

    /// <summary><c>task-&gt;exit_state</c> (EXIT_ZOMBIE 0x20, EXIT_DEAD 0x10), 0 when the kernel has none.</summary>
    public static ulong ExitState(KObject task) => task.HasMember("exit_state") ? task.Member("exit_state").ToUInt64() : 0;

    /// <summary>
    /// True for a kernel thread as crash decides it: PID 0 (the idle tasks), PF_KTHREAD where the kernel
    /// sets it, and otherwise a task without an mm.
    /// </summary>
    public static bool IsKernelThread(KObject task)
    {
        if (Pid(task) == 0)
            return true;
        if (task.HasMember("flags"))
            return (Flags(task) & PfKthread) != 0;
        return Mm(task) == 0;
    }

    /// <summary><c>task-&gt;parent</c> (the ptrace parent, usually the real parent), as crash reads it: <c>struct task_struct *</c>.</summary>
    public static ulong Parent(KObject task) => task.Member(task.HasMember("parent") ? "parent" : "real_parent").ToUInt64();

    /// <summary><c>task-&gt;real_parent</c>.</summary>
    public static ulong RealParent(KObject task) => task.Member("real_parent").ToUInt64();

    /// <summary><c>task-&gt;mm</c> (0 for kernel threads): <c>struct mm_struct *</c>.</summary>
    public static ulong Mm(KObject task) => task.Member("mm").ToUInt64();

    /// <summary><c>task-&gt;start_time</c>: nanoseconds of monotonic time at fork (since 4.x).</summary>
    public static ulong StartTime(KObject task) => task.Member("start_time").ToUInt64();

    /// <summary>
    /// The task's last-run timestamp as crash takes it: <c>last_run</c>, <c>timestamp</c> on old kernels,
    /// else <c>sched_info.last_arrival</c> (rq clock nanoseconds when it last got the CPU).
    /// </summary>
    public static ulong LastRun(KObject task)
    {
        if (task.HasMember("last_run"))
            return task.Member("last_run").ToUInt64();
        if (task.HasMember("timestamp"))
            return task.Member("timestamp").ToUInt64();
        if (task.HasMember("sched_info"))
            return task.Member("sched_info.last_arrival").ToUInt64();
        return 0;
    }

    /// <summary><c>se.exec_start</c>: rq clock when the task last started executing (CFS).</summary>
    public static ulong ExecStart(KObject task) => task.Member("se.exec_start").ToUInt64();

    /// <summary><c>task-&gt;policy</c> (SCHED_NORMAL 0, FIFO 1, RR 2, BATCH 3, IDLE 5, DEADLINE 6).</summary>
    public static uint Policy(KObject task) => (uint)task.Member("policy").ToUInt64();

    /// <summary><c>task-&gt;prio</c> (kernel priority: 0-99 real-time, 100-139 normal).</summary>
    public static int Prio(KObject task) => (int)task.Member("prio").ToInt64();

    /// <summary><c>task-&gt;rt_priority</c>.</summary>
    public static uint RtPriority(KObject task) => (uint)task.Member("rt_priority").ToUInt64();

    /// <summary><c>task-&gt;utime</c> in nanoseconds (u64 since 4.11).</summary>
    public static ulong Utime(KObject task) => task.Member("utime").ToUInt64();

    /// <summary><c>task-&gt;stime</c> in nanoseconds.</summary>
    public static ulong Stime(KObject task) => task.Member("stime").ToUInt64();

    /// <summary>The saved kernel stack pointer of a task that is not running (<c>thread.sp</c>).</summary>
    public static ulong SavedStackPointer(KObject task) => task.Member("thread.sp").ToUInt64();

    /// <summary>The task at <paramref name="address"/> (<c>struct task_struct</c>).</summary>
    public static KObject At(KernelProgram kernel, ulong address) => KObject.Reference(kernel, TaskType(kernel), address);
}
