using Crashdive.Arch.X86_64;

namespace Crashdive.Kernel;

public sealed partial class KernelProgram
{
    private X86_64PageTable? _userTable;

    /// <summary>
    /// The page tables of the current task's address space (<c>task-&gt;mm-&gt;pgd</c>, or
    /// <c>active_mm</c> for a kernel thread), or null when there is no current task or it has none.
    /// Reads of user addresses go through them.
    /// </summary>
    public X86_64PageTable? UserPageTable()
    {
        if (CurrentTask is not ulong task || FindType("struct task_struct") is not { } taskType)
            return null;
        KObject t = KObject.Reference(this, taskType, task);
        ulong mm = t.Member("mm").ToUInt64();
        if (mm == 0 && t.HasMember("active_mm"))
            mm = t.Member("active_mm").ToUInt64();
        if (mm == 0)
            return null;
        KObject mmObj = KObject.Reference(this, ((Symbols.Types.PointerType)t.Member("mm").UnderlyingType).Target, mm);
        ulong pgdVirt = mmObj.Member("pgd").ToUInt64();
        if (!TryKernelToPhysical(pgdVirt, out ulong root))
            return null;
        if (_userTable == null || _userTable.Root != root)
            _userTable = new X86_64PageTable(Physical, root, Layout.FiveLevel);
        return _userTable;
    }

    private int ReadUser(ulong address, Span<byte> buffer, out ReadFault fault)
    {
        fault = default;
        X86_64PageTable? table;
        try
        {
            table = Regions.IsUserVirtual(address) ? UserPageTable() : null;
        }
        catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException)
        {
            table = null;
        }
        if (table == null)
        {
            fault = new ReadFault(Regions.IsUserVirtual(address) ? ReadFaultKind.UserSpaceUnsupported : ReadFaultKind.InvalidAddress, address, MemoryType.UserVirtual);
            return 0;
        }
        ulong pageSize = (ulong)Dump.PageSize;
        int done = 0;
        while (done < buffer.Length)
        {
            ulong addr = unchecked(address + (ulong)done);
            if (!Regions.IsUserVirtual(addr) || !table.TryTranslate(addr, out ulong phys, out _, out _))
            {
                fault = new ReadFault(ReadFaultKind.InvalidAddress, addr, MemoryType.UserVirtual);
                return done;
            }
            int n = (int)Math.Min((ulong)(buffer.Length - done), pageSize - phys % pageSize);
            int got = Physical.Read(phys, buffer.Slice(done, n));
            if (got < n)
            {
                done += got;
                fault = new ReadFault(KindOf(Physical.Explain(phys + (ulong)got)), unchecked(addr + (ulong)got), MemoryType.UserVirtual);
                return done;
            }
            done += n;
        }
        return done;
    }
}
