using Crashdive.Dumps;
using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Sched;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Tasks;

/// <summary>
/// Every task of the dead kernel, read once (crash's context array): the processes on
/// <c>init_task.tasks</c>, their threads, and the idle task of each CPU (<c>rq-&gt;idle</c>, which is on no
/// list but init_task's). Sorted as crash sorts it: by PID, the PID-0 idle tasks by CPU. Walking the
/// lists instead of the PID hash (as crash 8.0.2 does) keeps every task visible on kernels whose PID
/// structures crash misreads. A broken list stops the walk there; the tasks read so far stay, and
/// <see cref="Problems"/> says what went wrong.
/// </summary>
public sealed class TaskTable
{
    /// <summary>Bound on tasks, far above any real system (PID_MAX_LIMIT is 4M; a task_struct is ~10 KB).</summary>
    public const int MaxTasks = 4 * 1024 * 1024;

    private readonly Dictionary<ulong, TaskEntry> _byAddress;

    private TaskTable(List<TaskEntry> tasks, List<string> problems)
    {
        Tasks = tasks;
        Problems = problems;
        _byAddress = new Dictionary<ulong, TaskEntry>(tasks.Count);
        foreach (var t in tasks)
            _byAddress.TryAdd(t.Task, t);
    }

    /// <summary>The tasks, by PID (idle tasks by CPU).</summary>
    public IReadOnlyList<TaskEntry> Tasks { get; }

    /// <summary>What could not be read (a broken task list, an unreadable task), one line each.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The table of <paramref name="kernel"/>, built on first use.</summary>
    public static TaskTable Of(KernelProgram kernel) => kernel.Cached(Build);

    /// <summary>The task at <paramref name="address"/>, or null when it is not one of the kernel's tasks.</summary>
    public TaskEntry? ByAddress(ulong address) => _byAddress.GetValueOrDefault(address);

    /// <summary>The tasks with PID <paramref name="pid"/> (several only for PID 0, one idle task per CPU).</summary>
    public IEnumerable<TaskEntry> ByPid(int pid)
    {
        foreach (var t in Tasks)
        {
            if (t.Pid == pid)
                yield return t;
        }
    }

    private static TaskTable Build(KernelProgram kernel)
    {
        var list = new List<TaskEntry>();
        var problems = new List<string>();
        var seen = new HashSet<ulong>();
        try
        {
            foreach (KObject p in Crashdive.Helpers.Tasks.Tasks.Processes(kernel))
            {
                try
                {
                    foreach (KObject t in Crashdive.Helpers.Tasks.Tasks.Threads(p))
                        Add(t, list, seen, problems);
                }
                catch (Exception e) when (e is ListWalkException or MemoryFaultException)
                {
                    problems.Add($"threads of task {p.Address:x}: {e.Message}");
                }
                if (list.Count >= MaxTasks)
                {
                    problems.Add($"more than {MaxTasks} tasks: stopped there");
                    break;
                }
            }
        }
        catch (Exception e) when (e is ListWalkException or MemoryFaultException)
        {
            problems.Add($"task list: {e.Message}");
        }
        int cpus = Runqueues.CpuCount(kernel);
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            try
            {
                ulong idle = Runqueues.Idle(kernel, cpu);
                if (idle != 0)
                    Add(Crashdive.Helpers.Tasks.Tasks.At(kernel, idle), list, seen, problems);
            }
            catch (MemoryFaultException e)
            {
                problems.Add($"idle task of cpu {cpu}: {e.Message}");
            }
        }
        list.Sort(static (a, b) =>
            a.Pid == 0 && b.Pid == 0 ? a.Cpu.CompareTo(b.Cpu) : a.Pid.CompareTo(b.Pid));
        return new TaskTable(list, problems);
    }

    private static void Add(KObject t, List<TaskEntry> list, HashSet<ulong> seen, List<string> problems)
    {
        if (!seen.Add(t.Address))
            return;
        try
        {
            list.Add(new TaskEntry(t.Address, Crashdive.Helpers.Tasks.Tasks.Pid(t), Crashdive.Helpers.Tasks.Tasks.Tgid(t),
                Crashdive.Helpers.Tasks.Tasks.Parent(t), Crashdive.Helpers.Tasks.Tasks.Cpu(t), Crashdive.Helpers.Tasks.Tasks.Comm(t),
                Crashdive.Helpers.Tasks.Tasks.Mm(t), Crashdive.Helpers.Tasks.Tasks.IsKernelThread(t)));
        }
        catch (MemoryFaultException e)
        {
            problems.Add($"task {t.Address:x}: {e.Message}");
        }
    }
}
