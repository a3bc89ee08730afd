using Crashdive.Arch.X86_64;
using Crashdive.Dumps;

namespace Crashdive.Kernel;

public sealed partial class KernelProgram
{
    /// <summary>
    /// Reads <paramref name="buffer"/> from <paramref name="address"/> in the address space <paramref name="type"/>
    /// with crash's <c>readmem</c> rules, so that callers can report failures in crash's words: kernel
    /// addresses translate as <see cref="TryKernelToPhysical"/> does, one page chunk at a time. Returns the
    /// number of bytes read; when short, <paramref name="fault"/> says where (the start of the chunk
    /// that failed) and why.
    /// </summary>
    public int ReadMemory(ulong address, MemoryType type, Span<byte> buffer, out ReadFault fault)
    {
        fault = default;
        if (type == MemoryType.DumpFile)
            return ReadDumpFile(address, buffer, out fault);
        X86_64PageTable? user = null;
        if (type == MemoryType.UserVirtual && !TryUserPageTable(address, out user, out fault))
            return 0;
        if (type == MemoryType.KernelVirtual && !Regions.IsKernelVirtual(address))
        {
            fault = new ReadFault(ReadFaultKind.InvalidAddress, address, type);
            return 0;
        }
        ulong pageSize = (ulong)Dump.PageSize;
        int done = 0;
        while (done < buffer.Length)
        {
            ulong addr = unchecked(address + (ulong)done);
            ulong phys = addr;
            bool mapped = type switch
            {
                MemoryType.KernelVirtual => TryKernelToPhysical(addr, out phys),
                MemoryType.UserVirtual => Regions.IsUserVirtual(addr) && user!.TryTranslate(addr, out phys, out _, out _),
                _ => true,
            };
            if (!mapped)
            {
                fault = new ReadFault(ReadFaultKind.InvalidAddress, addr, type);
                return done;
            }
            int n = (int)Math.Min((ulong)(buffer.Length - done), pageSize - phys % pageSize);
            int got = Physical.Read(phys, buffer.Slice(done, n));
            if (got < n)
            {
                // A page read either whole or not at all, so the failing piece starts at addr.
                done += got;
                fault = new ReadFault(KindOf(Physical.Explain(phys + (ulong)got)), unchecked(addr + (ulong)got), type);
                return done;
            }
            done += n;
            if (addr + (ulong)n < addr && done < buffer.Length)
            {
                // wrapped past the top of the address space
                fault = new ReadFault(ReadFaultKind.InvalidAddress, 0, type);
                return done;
            }
        }
        return done;
    }

    private ReadFaultKind KindOf(MemoryFaultException? f) => f?.Kind switch
    {
        MemoryFaultKind.Excluded => ReadFaultKind.PageExcluded,
        // crash's diskdump reader says "seek error" for frames that are not RAM or past max_mapnr;
        // ELF readers say "read error" for addresses no segment holds.
        MemoryFaultKind.NotInDump when Dump.Format == DumpFormat.Kdump => ReadFaultKind.SeekError,
        _ => ReadFaultKind.ReadError,
    };

    private int ReadDumpFile(ulong offset, Span<byte> buffer, out ReadFault fault)
    {
        fault = default;
        int got = offset < (ulong)Dump.Source.Length && offset <= long.MaxValue ? Dump.Source.ReadAt((long)offset, buffer) : 0;
        if (got < buffer.Length)
            fault = new ReadFault(ReadFaultKind.ReadError, offset, MemoryType.DumpFile);
        return Math.Max(got, 0);
    }
}
