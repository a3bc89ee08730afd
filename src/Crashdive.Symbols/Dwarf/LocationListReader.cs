namespace Crashdive.Symbols.Dwarf;

/// <summary>
/// Walks location lists (DWARF 5 .debug_loclists, DWARF 2-4 .debug_loc) far enough to know where
/// each ends and that every entry is well-formed. Evaluating the locations (for variables that
/// live in registers) is left to the layer that unwinds stacks.
/// </summary>
internal static class LocationListReader
{
    private const byte EndOfList = 0;        // DW_LLE_end_of_list
    private const byte BaseAddressx = 1;     // DW_LLE_base_addressx
    private const byte StartxEndx = 2;       // DW_LLE_startx_endx
    private const byte StartxLength = 3;     // DW_LLE_startx_length
    private const byte OffsetPair = 4;       // DW_LLE_offset_pair
    private const byte DefaultLocation = 5;  // DW_LLE_default_location
    private const byte BaseAddress = 6;      // DW_LLE_base_address
    private const byte StartEnd = 7;         // DW_LLE_start_end
    private const byte StartLength = 8;      // DW_LLE_start_length

    /// <summary>Number of bytes and entries (excluding the terminator) of the list at <paramref name="offset"/>.</summary>
    public static (int Length, int Entries) Measure(DwarfUnit unit, ulong offset)
    {
        if (unit.Version < 5)
            return MeasureV4(unit, offset);
        DwarfSection section = unit.File.LocLists;
        if (offset >= (ulong)section.Length)
            throw section.Error((long)Math.Min(offset, long.MaxValue), $"location list offset is past the end of the section (size 0x{section.Length:x})");
        var r = new DwarfReader(section, (int)offset);
        int entries = 0;
        while (true)
        {
            byte kind = r.ReadU8();
            switch (kind)
            {
                case EndOfList:
                    return (r.Position - (int)offset, entries);
                case BaseAddressx:
                    r.ReadULeb128();
                    continue;
                case BaseAddress:
                    r.ReadAddress(unit.AddressSize);
                    continue;
                case StartxEndx:
                case StartxLength:
                case OffsetPair:
                    r.ReadULeb128();
                    r.ReadULeb128();
                    break;
                case DefaultLocation:
                    break;
                case StartEnd:
                    r.ReadAddress(unit.AddressSize);
                    r.ReadAddress(unit.AddressSize);
                    break;
                case StartLength:
                    r.ReadAddress(unit.AddressSize);
                    r.ReadULeb128();
                    break;
                default:
                    r.Fail(r.Position - 1, $"unknown location list entry kind 0x{kind:x}");
                    break;
            }
            r.Skip(r.ReadULeb128()); // the counted location description
            entries++;
        }
    }

    private static (int Length, int Entries) MeasureV4(DwarfUnit unit, ulong offset)
    {
        DwarfSection section = unit.File.Loc;
        if (offset >= (ulong)section.Length)
            throw section.Error((long)Math.Min(offset, long.MaxValue), $"location list offset is past the end of the section (size 0x{section.Length:x})");
        var r = new DwarfReader(section, (int)offset);
        ulong maxAddress = unit.AddressSize == 8 ? ulong.MaxValue : (1UL << (unit.AddressSize * 8)) - 1;
        int entries = 0;
        while (true)
        {
            ulong s = r.ReadAddress(unit.AddressSize);
            ulong e = r.ReadAddress(unit.AddressSize);
            if (s == 0 && e == 0)
                return (r.Position - (int)offset, entries);
            if (s == maxAddress)
                continue;
            r.Skip(r.ReadU16());
            entries++;
        }
    }
}
