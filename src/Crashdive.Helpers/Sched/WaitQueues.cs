using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Stack;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Sched;

/// <summary>
/// Wait queues (<c>wait_queue_head_t</c>): the entries linked on the head's list and what each waits for. Since 4.13
/// a <c>struct wait_queue_head</c> links <c>struct wait_queue_entry</c>s through <c>head</c>/<c>entry</c>; before,
/// <c>__wait_queue_head.task_list</c> linked <c>__wait_queue.task_list</c>. The layout is taken from the debuginfo.
/// An entry's <c>private</c> is the waiting task for the default wake functions, else whatever its owner put there.
/// </summary>
public static class WaitQueues
{
    /// <summary>Most entries read from one queue before it is called corrupt.</summary>
    public const int MaxEntries = 1_000_000;

    /// <summary>One entry: its address and its <c>private</c> word.</summary>
    public readonly record struct Waiter(ulong Entry, ulong Private);

    /// <summary>
    /// The entries of the wait queue head at <paramref name="head"/>, in list order. Throws
    /// <see cref="KernelObjectException"/> when the kernel has neither wait queue layout, and
    /// <see cref="ListWalkException"/> when the list is broken (after yielding the entries before the break).
    /// </summary>
    public static IEnumerable<Waiter> Entries(KernelProgram kernel, ulong head)
    {
        (CType headType, string headList, CType entryType, string entryList) =
            kernel.FindType("struct wait_queue_entry") is CType e && kernel.FindType("struct wait_queue_head") is CType h
                ? (h, "head", e, "entry")
                : kernel.FindType("struct __wait_queue") is CType oe && kernel.FindType("struct __wait_queue_head") is CType oh
                    ? (oh, "task_list", oe, "task_list")
                    : throw new KernelObjectException("cannot determine wait queue structures");
        ulong listOffset = KernelList.MemberOffset(headType, headList);
        ulong linkOffset = KernelList.MemberOffset(entryType, entryList);
        ulong privateOffset = KernelList.MemberOffset(entryType, "private");
        foreach (ulong node in KernelList.Nodes(kernel, head + listOffset, maxNodes: MaxEntries))
        {
            ulong entry = node - linkOffset;
            if (!kernel.Memory.TryReadPointer(entry + privateOffset, out ulong priv))
                throw new ListWalkException(head, node, $"cannot read wait queue entry at 0x{entry:x}");
            yield return new Waiter(entry, priv);
        }
    }

    /// <summary>
    /// crash's <c>task_to_context(p) || task_to_context(stkptr_to_task(p))</c>: the task <paramref name="value"/> is,
    /// or the task whose kernel stack holds it; null for neither.
    /// </summary>
    public static TaskEntry? TaskOf(KernelProgram kernel, ulong value)
    {
        var table = TaskTable.Of(kernel);
        if (table.ByAddress(value) is TaskEntry t)
            return t;
        ulong size = KernelStacks.ThreadSize(kernel);
        var taskType = kernel.Type("struct task_struct");
        foreach (TaskEntry candidate in table.Tasks)
        {
            ulong stack = KObject.Reference(kernel, taskType, candidate.Task).Member("stack").ToUInt64();
            if (stack != 0 && value >= stack && value - stack < size)
                return candidate;
        }
        return null;
    }
}
