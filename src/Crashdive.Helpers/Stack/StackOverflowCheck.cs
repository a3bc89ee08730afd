using Crashdive.Dumps;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// Evidence that a task overflowed its kernel stack, as crash's <c>check_stack_overflow</c> (<c>bt -v</c>)
/// looks for it: the lowest word of the stack must hold <c>STACK_END_MAGIC</c> (written there by
/// <c>set_task_stack_end_magic</c>; the boot CPU's idle task, init_task, has none). On kernels that keep
/// <c>thread_info</c> at the bottom of the stack (before CONFIG_THREAD_INFO_IN_TASK, 4.9) its
/// <c>task</c> pointer must point back at the task and its <c>cpu</c> must be a valid CPU, and the magic
/// sits just above it.
/// </summary>
public static class StackOverflowCheck
{
    /// <summary>The kernel's STACK_END_MAGIC (include/uapi/linux/magic.h).</summary>
    public const ulong StackEndMagic = 0x57AC6E9D;

    /// <summary>One finding: the task and crash's wording of what was wrong.</summary>
    public sealed record Finding(TaskEntry Task, IReadOnlyList<string> Problems);

    /// <summary>The tasks of <paramref name="kernel"/> whose stacks show signs of an overflow, in task-table order.</summary>
    public static IReadOnlyList<Finding> Check(KernelProgram kernel, int cpus, CancellationToken cancel = default)
    {
        var findings = new List<Finding>();
        ulong initTask = kernel.SymbolAddress("init_task") ?? 0;
        var taskType = global::Crashdive.Helpers.Tasks.Tasks.TaskType(kernel);
        bool infoInTask = taskType.Underlying() is Symbols.Types.StructType st && st.FindMember("thread_info") != null;
        var infoType = kernel.FindType("struct thread_info");
        ulong infoSize = infoType?.Size ?? 0;
        foreach (TaskEntry t in TaskTable.Of(kernel).Tasks)
        {
            cancel.ThrowIfCancellationRequested();
            var problems = new List<string>();
            ulong stackBase, location;
            try
            {
                stackBase = KObject.Reference(kernel, taskType, t.Task).Member("stack").ToUInt64();
            }
            catch (Exception e) when (e is KernelObjectException or MemoryFaultException)
            {
                continue;
            }
            if (infoInTask)
                location = stackBase;
            else
            {
                // thread_info at the stack's base (pre-4.9): its task and cpu, then the magic above it.
                if (infoType == null || infoSize == 0)
                    continue;
                KObject info = KObject.Reference(kernel, infoType, stackBase);
                try
                {
                    if (info.HasMember("task") && info.Member("task").ToUInt64() is ulong back && back != t.Task)
                        problems.Add($"possible stack overflow: thread_info.task: {back:x} != {t.Task:x}");
                    if (info.HasMember("cpu") && (long)info.Member("cpu").ToUInt64() is long c && c >= cpus)
                        problems.Add($"possible stack overflow: thread_info.cpu: {c} >= {cpus}");
                }
                catch (Exception e) when (e is KernelObjectException or MemoryFaultException)
                {
                    continue;
                }
                location = stackBase + infoSize;
            }
            if (!(t.Pid == 0 && (initTask == 0 || t.Task == initTask)))
            {
                if (!kernel.Memory.TryReadPointer(location, out ulong magic))
                    continue;
                if (magic != StackEndMagic)
                    problems.Add($"possible stack overflow: {location:x}: {magic:x} != STACK_END_MAGIC");
            }
            if (problems.Count > 0)
                findings.Add(new Finding(t, problems));
        }
        return findings;
    }
}
