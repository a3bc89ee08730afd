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
}
