namespace Crashdive.Symbols.Dwarf;

/// <summary>
/// Reads the address ranges of a DIE's DW_AT_ranges: DWARF 5 .debug_rnglists (all DW_RLE_* entry
/// kinds, by offset or DW_FORM_rnglistx index) and DWARF 2-4 .debug_ranges. Each entry consumes
/// bytes, so a list without an end stops at the section end with an error, never loops.
/// </summary>
internal static class RangeListReader
{
    private const byte EndOfList = 0;      // DW_RLE_end_of_list
    private const byte BaseAddressx = 1;   // DW_RLE_base_addressx
    private const byte StartxEndx = 2;     // DW_RLE_startx_endx
    private const byte StartxLength = 3;   // DW_RLE_startx_length
    private const byte OffsetPair = 4;     // DW_RLE_offset_pair
    private const byte BaseAddress = 5;    // DW_RLE_base_address
    private const byte StartEnd = 6;       // DW_RLE_start_end
    private const byte StartLength = 7;    // DW_RLE_start_length

    public static List<AddressRange> Read(DwarfUnit unit, in AttributeValue ranges)
    {
        DwarfFile file = unit.File;
        var result = new List<AddressRange>();
        if (unit.Version < 5)
        {
            ReadV4(unit, ranges.Value, result);
            return result;
        }
        ulong offset = ranges.Value;
        if (ranges.Form == DwarfForm.Rnglistx)
        {
            ulong at = unit.RnglistsBase + ranges.Value * unit.OffsetSize;
            var idx = new DwarfReader(file.RngLists, CheckOffset(file.RngLists, at));
            offset = unit.RnglistsBase + idx.ReadOffset(unit.OffsetSize);
        }
        var r = new DwarfReader(file.RngLists, CheckOffset(file.RngLists, offset));
        ulong baseAddress = unit.BaseAddress;
        ulong addrBase = unit.AddrBase;
        while (true)
        {
            byte kind = r.ReadU8();
            switch (kind)
            {
                case EndOfList:
                    return result;
                case BaseAddressx:
                    baseAddress = file.ReadAddressIndex(unit, r.ReadULeb128(), addrBase);
                    break;
                case StartxEndx:
                {
                    ulong s = file.ReadAddressIndex(unit, r.ReadULeb128(), addrBase);
                    ulong e = file.ReadAddressIndex(unit, r.ReadULeb128(), addrBase);
                    Add(result, s, e);
                    break;
                }
                case StartxLength:
                {
                    ulong s = file.ReadAddressIndex(unit, r.ReadULeb128(), addrBase);
                    Add(result, s, s + r.ReadULeb128());
                    break;
                }
                case OffsetPair:
                {
                    ulong s = r.ReadULeb128();
                    ulong e = r.ReadULeb128();
                    Add(result, baseAddress + s, baseAddress + e);
                    break;
                }
                case BaseAddress:
                    baseAddress = r.ReadAddress(unit.AddressSize);
                    break;
                case StartEnd:
                {
                    ulong s = r.ReadAddress(unit.AddressSize);
                    Add(result, s, r.ReadAddress(unit.AddressSize));
                    break;
                }
                case StartLength:
                {
                    ulong s = r.ReadAddress(unit.AddressSize);
                    Add(result, s, s + r.ReadULeb128());
                    break;
                }
                default:
                    r.Fail(r.Position - 1, $"unknown range list entry kind 0x{kind:x}");
                    break;
            }
        }
    }

    private static void ReadV4(DwarfUnit unit, ulong offset, List<AddressRange> result)
    {
        DwarfSection section = unit.File.Ranges;
        var r = new DwarfReader(section, CheckOffset(section, offset));
        ulong baseAddress = unit.BaseAddress;
        ulong maxAddress = unit.AddressSize == 8 ? ulong.MaxValue : (1UL << (unit.AddressSize * 8)) - 1;
        while (true)
        {
            ulong s = r.ReadAddress(unit.AddressSize);
            ulong e = r.ReadAddress(unit.AddressSize);
            if (s == 0 && e == 0)
                return;
            if (s == maxAddress)
            {
                baseAddress = e;
                continue;
            }
            Add(result, baseAddress + s, baseAddress + e);
        }
    }

    private static void Add(List<AddressRange> result, ulong start, ulong end)
    {
        if (end > start)
            result.Add(new AddressRange(start, end));
    }

    private static int CheckOffset(DwarfSection section, ulong offset)
    {
        if (offset >= (ulong)section.Length)
            throw section.Error((long)Math.Min(offset, long.MaxValue), $"range list offset is past the end of the section (size 0x{section.Length:x})");
        return (int)offset;
    }
}
