namespace Crashdive.Symbols.Dwarf.Lines;

/// <summary>
/// Which compile unit covers an address: from .debug_aranges when the file has it, else from the
/// address ranges of every unit DIE. Built once, sorted, searched by binary search.
/// </summary>
internal sealed class UnitAddressMap
{
    private readonly ulong[] _starts;
    private readonly ulong[] _ends;
    private readonly ulong[] _units;

    private UnitAddressMap(List<(ulong Start, ulong End, ulong Unit)> ranges)
    {
        ranges.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        _starts = new ulong[ranges.Count];
        _ends = new ulong[ranges.Count];
        _units = new ulong[ranges.Count];
        for (int i = 0; i < ranges.Count; i++)
            (_starts[i], _ends[i], _units[i]) = ranges[i];
    }

    /// <summary>Number of address ranges known.</summary>
    public int Count => _starts.Length;

    /// <summary>The .debug_info offset of the unit covering <paramref name="address"/>, or null.</summary>
    public ulong? FindUnitOffset(ulong address)
    {
        int found = SortedSearch.LastAtOrBelow(_starts, address);
        // Ranges may nest or overlap (e.g. a 0-based range from a discarded section): look back a little.
        for (int i = found; i >= 0 && i > found - 8; i--)
        {
            if (address < _ends[i])
                return _units[i];
        }
        return null;
    }

    public static UnitAddressMap Build(DwarfFile file)
    {
        var ranges = new List<(ulong, ulong, ulong)>();
        if (file.Aranges.Length > 0)
            ReadAranges(file.Aranges, ranges);
        else
            ReadUnitRanges(file, ranges);
        return new UnitAddressMap(ranges);
    }

    private static void ReadAranges(DwarfSection section, List<(ulong, ulong, ulong)> ranges)
    {
        int offset = 0;
        while (offset < section.Length)
        {
            var r = new DwarfReader(section, offset);
            ulong length = r.ReadU32();
            int offsetSize = 4;
            if (length == 0xffffffff)
            {
                length = r.ReadU64();
                offsetSize = 8;
            }
            if (length > (ulong)r.Remaining)
                r.Fail(offset, $"address range set length 0x{length:x} extends past the end of the section");
            int end = r.Position + (int)length;
            r.Limit = end;
            r.ReadU16(); // version
            ulong unit = r.ReadOffset(offsetSize);
            int addressSize = r.ReadU8();
            int segmentSize = r.ReadU8();
            if (addressSize is not (1 or 2 or 4 or 8))
                r.Fail(offset, $"address size {addressSize} is not supported");
            int tuple = 2 * addressSize + segmentSize;
            int align = 2 * addressSize;
            int pad = (align - (r.Position - offset) % align) % align;
            r.Skip((ulong)pad);
            while (r.Remaining >= tuple)
            {
                if (segmentSize > 0)
                    r.Skip((ulong)segmentSize);
                ulong start = r.ReadAddress(addressSize);
                ulong len = r.ReadAddress(addressSize);
                if (start == 0 && len == 0)
                    break;
                if (len != 0)
                    ranges.Add((start, start + len, unit));
            }
            offset = end;
        }
    }

    private static void ReadUnitRanges(DwarfFile file, List<(ulong, ulong, ulong)> ranges)
    {
        foreach (DwarfUnit u in file.InfoUnits)
        {
            if (u.IsTypeUnit || u.FirstDieOffset >= u.End)
                continue;
            foreach (AddressRange a in u.UnitDie.GetRanges())
                ranges.Add((a.Start, a.End, u.Offset));
        }
    }
}
