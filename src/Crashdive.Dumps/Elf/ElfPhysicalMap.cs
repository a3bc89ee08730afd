using Crashdive.Dumps.Sources;

namespace Crashdive.Dumps.Elf;

/// <summary>
/// Physical memory of an ELF dump: the PT_LOADs that have a physical address, cut into sorted,
/// disjoint pieces and binary-searched per page (clrmd's ElfVirtualAddressSpace, physical side).
/// Where two segments describe the same physical memory (the kernel text mapping and the direct
/// map in a kdump; every vmalloc mapping in a QEMU paging dump) the one that starts lower wins,
/// then the one earlier in the program header table, as crash's first-match lookup does.
/// </summary>
internal sealed class ElfPhysicalMap
{
    private readonly ElfPiece[] _pieces;

    private ElfPhysicalMap(ElfPiece[] pieces, IReadOnlyList<PhysicalRange> ranges, int shadowed, ulong zeroFill)
    {
        _pieces = pieces;
        Ranges = ranges;
        ShadowedSegments = shadowed;
        ZeroFillBytes = zeroFill;
    }

    /// <summary>The physical ranges, adjacent pieces with contiguous virtual addresses merged.</summary>
    public IReadOnlyList<PhysicalRange> Ranges { get; }

    /// <summary>Segments that lost some or all of their physical range to another segment.</summary>
    public int ShadowedSegments { get; }

    /// <summary>Bytes of physical memory that read as zeros because p_memsz exceeds p_filesz.</summary>
    public ulong ZeroFillBytes { get; }

    /// <summary>Builds the map from <paramref name="segments"/>; those without a physical address are left out.</summary>
    public static ElfPhysicalMap Build(IReadOnlyList<ElfSegment> segments)
    {
        var order = new List<int>(segments.Count);
        for (int i = 0; i < segments.Count; i++)
            if (segments[i].PhysicalAddress != null && segments[i].MemorySize != 0)
                order.Add(i);
        order.Sort((a, b) =>
        {
            int c = segments[a].PhysicalAddress!.Value.CompareTo(segments[b].PhysicalAddress!.Value);
            return c != 0 ? c : a.CompareTo(b);
        });

        var pieces = new List<ElfPiece>(order.Count);
        var ranges = new List<PhysicalRange>(order.Count);
        ulong covered = 0;
        bool any = false;
        int shadowed = 0;
        ulong zeroFill = 0;
        foreach (int i in order)
        {
            var s = segments[i];
            ulong start = s.PhysicalAddress!.Value;
            ulong end = start + s.MemorySize; // the reader checked it does not wrap
            ulong from = start;
            if (any && covered > start)
            {
                shadowed++;
                if (covered >= end)
                    continue;
                from = covered;
            }
            ulong dataEnd = Math.Clamp(start + s.FileSize, from, end);
            long offset = (long)(s.FileOffset + (from - start));
            if (s.FileSize == 0)
                offset = 0; // p_offset of an empty segment is whatever the writer left (QEMU: -1)
            pieces.Add(new ElfPiece(from, end, dataEnd, offset, i));
            zeroFill += end - dataEnd;
            AddRange(ranges, from, end, s.HasVirtualAddress ? s.VirtualAddress + (from - start) : null);
            covered = end;
            any = true;
        }
        return new ElfPhysicalMap([.. pieces], ranges, shadowed, zeroFill);
    }

    private static void AddRange(List<PhysicalRange> ranges, ulong start, ulong end, ulong? virt)
    {
        if (ranges.Count > 0)
        {
            var last = ranges[^1];
            bool contiguous = last.End == start &&
                (last.VirtualStart == null ? virt == null : virt == last.VirtualStart + last.Length);
            if (contiguous)
            {
                ranges[^1] = last with { End = end };
                return;
            }
        }
        ranges.Add(new PhysicalRange(start, end, virt));
    }

    /// <summary>Index of the piece holding <paramref name="address"/>, or -1.</summary>
    public int Find(ulong address)
    {
        int lo = 0, hi = _pieces.Length - 1;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            ref readonly var p = ref _pieces[mid];
            if (address < p.Start)
                hi = mid - 1;
            else if (address >= p.End)
                lo = mid + 1;
            else
                return mid;
        }
        return -1;
    }

    /// <summary>
    /// Classifies, and when <paramref name="page"/> is not empty reads, the <paramref name="size"/>
    /// bytes at <paramref name="address"/>: file bytes where a piece stores them, zeros where p_memsz
    /// says so. Allocates nothing unless the file cannot be read (then <paramref name="error"/> says why).
    /// </summary>
    /// <param name="faultAt">On failure, the first address that could not be served.</param>
    public ElfPageResult Read(IFileSource source, ulong address, int size, Span<byte> page, out ulong faultAt, out string? error)
    {
        error = null;
        faultAt = address;
        int i = Find(address);
        if (i < 0)
            return ElfPageResult.NotCovered;
        long fileLength = source.Length;
        int done = 0;
        while (done < size)
        {
            ulong a = address + (ulong)done;
            if (i >= _pieces.Length || _pieces[i].Start != a && done > 0)
            {
                faultAt = a;
                return ElfPageResult.PartlyCovered;
            }
            ref readonly var p = ref _pieces[i];
            int n = (int)Math.Min((ulong)(size - done), p.End - a);
            int data = a < p.DataEnd ? (int)Math.Min((ulong)n, p.DataEnd - a) : 0;
            if (data > 0)
            {
                long offset = p.FileOffset + (long)(a - p.Start);
                if (offset + data > fileLength)
                {
                    faultAt = a + (ulong)Math.Max(0, fileLength - offset);
                    return ElfPageResult.PastEndOfFile;
                }
                if (!page.IsEmpty)
                {
                    int got;
                    try
                    {
                        got = source.ReadAt(offset, page.Slice(done, data));
                    }
                    catch (IOException e)
                    {
                        // /proc/kcore answers EIO for holes it advertises; a disk can fail.
                        error = $"read error at file offset 0x{offset:x}: {e.Message}";
                        return ElfPageResult.ReadError;
                    }
                    if (got != data)
                    {
                        faultAt = a + (ulong)got;
                        return ElfPageResult.PastEndOfFile; // the file shrank under us
                    }
                }
            }
            if (!page.IsEmpty && n > data)
                page.Slice(done + data, n - data).Clear();
            done += n;
            i++;
        }
        return ElfPageResult.Present;
    }
}
