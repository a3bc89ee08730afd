namespace Crashdive.Dumps.Elf;

public sealed partial class ElfDump
{
    /// <summary>
    /// Refuses PT_LOADs that give one address two different contents. Real dumps describe the
    /// same physical memory more than once, through different virtual addresses: a kdump vmcore
    /// has the kernel text mapping and the direct map over the same pages, a QEMU paging dump has
    /// every vmalloc mapping beside the direct map, kcore has its text and RAM segments. So
    /// segments are compared in the space that names them: physical for segments without a
    /// virtual address of their own (QEMU without paging), virtual for the others. Two segments
    /// overlapping there agree only if they put the overlap at the same file offset (and, in
    /// virtual space, the same physical address), or both leave it zero-filled.
    /// </summary>
    private static void CheckOverlaps(string path, ElfSegment[] segments, long phoff)
    {
        CheckOverlapsIn(path, segments, phoff, physical: true);
        CheckOverlapsIn(path, segments, phoff, physical: false);
    }

    private static void CheckOverlapsIn(string path, ElfSegment[] segments, long phoff, bool physical)
    {
        var order = new List<int>();
        for (int i = 0; i < segments.Length; i++)
        {
            var s = segments[i];
            if (s.MemorySize == 0)
                continue;
            if (physical ? s.PhysicalAddress != null && !s.HasVirtualAddress : s.HasVirtualAddress)
                order.Add(i);
        }
        order.Sort((a, b) =>
        {
            int c = StartIn(segments[a], physical).CompareTo(StartIn(segments[b], physical));
            return c != 0 ? c : a.CompareTo(b);
        });
        int widest = -1;
        ulong widestEnd = 0;
        foreach (int k in order)
        {
            var s = segments[k];
            ulong start = StartIn(s, physical), end = EndIn(s, physical);
            if (widest >= 0 && start < widestEnd && !Agree(segments[widest], s, physical))
            {
                var a = segments[widest];
                var later = a.Index > s.Index ? a : s;
                var earlier = a.Index > s.Index ? s : a;
                string space = physical ? "physical" : "virtual";
                throw new DumpFormatException(path, phoff + (long)later.Index * Elf64ProgramHeader.Size,
                    $"PT_LOAD (program header {later.Index}, {space} 0x{StartIn(later, physical):x}-0x{EndIn(later, physical):x}) overlaps " +
                    $"PT_LOAD (program header {earlier.Index}, 0x{StartIn(earlier, physical):x}-0x{EndIn(earlier, physical):x}) and gives the same memory different contents");
            }
            if (widest < 0 || end > widestEnd)
            {
                widest = k;
                widestEnd = end;
            }
        }
    }

    private static ulong StartIn(in ElfSegment s, bool physical) => physical ? s.PhysicalAddress!.Value : s.VirtualAddress;

    // Saturates: a virtual segment may end at the very top of the address space.
    private static ulong EndIn(in ElfSegment s, bool physical)
    {
        ulong start = StartIn(s, physical);
        return s.MemorySize > ulong.MaxValue - start ? ulong.MaxValue : start + s.MemorySize;
    }

    private static ulong DataEndIn(in ElfSegment s, bool physical)
    {
        ulong start = StartIn(s, physical);
        return s.FileSize > ulong.MaxValue - start ? ulong.MaxValue : start + s.FileSize;
    }

    private static bool Agree(in ElfSegment a, in ElfSegment b, bool physical)
    {
        bool samePhysical = physical || a.PhysicalAddress is not ulong ap || b.PhysicalAddress is not ulong bp
            || unchecked(ap - a.VirtualAddress) == unchecked(bp - b.VirtualAddress);
        if (!samePhysical)
            return false; // one virtual address, two physical ones
        ulong from = Math.Max(StartIn(a, physical), StartIn(b, physical));
        ulong to = Math.Min(EndIn(a, physical), EndIn(b, physical));
        ulong aData = Math.Clamp(DataEndIn(a, physical), from, to);
        ulong bData = Math.Clamp(DataEndIn(b, physical), from, to);
        if (aData != bData)
            return false; // file bytes in one, zeros in the other
        if (aData == from)
            return true; // zeros in both
        return unchecked(a.FileOffset - StartIn(a, physical)) == unchecked(b.FileOffset - StartIn(b, physical));
    }
}
