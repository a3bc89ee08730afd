using Crashdive.Arch.X86_64;

namespace Crashdive.Kernel;

public sealed partial class KernelProgram
{
    // The page tables of the last task asked for: the dump never changes, so they stay valid for it.
    private (ulong Task, X86_64PageTable? Table)? _userTable;

    /// <summary>
    /// The page tables of the current task's address space (<c>task-&gt;mm-&gt;pgd</c>, or
    /// <c>active_mm</c> for a kernel thread), or null when there is no current task or it has none.
    /// Reads of user addresses go through them.
    /// </summary>
    public X86_64PageTable? UserPageTable()
    {
        if (CurrentTask is not ulong task)
            return null;
        if (_userTable is var (cached, table) && cached == task)
            return table;
        table = BuildUserPageTable(task);
        _userTable = (task, table);
        return table;
    }

    private X86_64PageTable? BuildUserPageTable(ulong task)
    {
        if (FindType("struct task_struct") is not { } taskType)
            return null;
        KObject t = KObject.Reference(this, taskType, task);
        KObject mm = t.Member("mm");
        if (mm.ToUInt64() == 0 && t.HasMember("active_mm"))
            mm = t.Member("active_mm");
        if (mm.ToUInt64() == 0 || !TryKernelToPhysical(mm.Member("pgd").ToUInt64(), out ulong root))
            return null;
        return new X86_64PageTable(Physical, root, Layout.FiveLevel);
    }

    /// <summary>The current task's page tables for a read at <paramref name="address"/>, or the fault that says why there are none.</summary>
    private bool TryUserPageTable(ulong address, out X86_64PageTable? table, out ReadFault fault)
    {
        fault = default;
        bool user = Regions.IsUserVirtual(address);
        try
        {
            table = user ? UserPageTable() : null;
        }
        catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException)
        {
            table = null;
        }
        if (table != null)
            return true;
        fault = new ReadFault(user ? ReadFaultKind.UserSpaceUnsupported : ReadFaultKind.InvalidAddress, address, MemoryType.UserVirtual);
        return false;
    }
}
