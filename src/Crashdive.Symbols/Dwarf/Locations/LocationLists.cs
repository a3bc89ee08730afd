namespace Crashdive.Symbols.Dwarf.Locations;

/// <summary>
/// The location expression a DW_AT_location (or DW_AT_frame_base) gives at one address: the exprloc
/// itself, or the matching entry of its location list: DWARF 5 .debug_loclists (every DW_LLE_* kind,
/// by offset or DW_FORM_loclistx through DW_AT_loclists_base, addresses through .debug_addr) or DWARF
/// 2-4 .debug_loc (with base-address selection entries). Lists are read entry by entry, each consuming
/// bytes, and at most <see cref="MaxEntries"/> entries: a list without an end stops at the section's end
/// with an error, never loops.
/// </summary>
internal static class LocationLists
{
    /// <summary>Most entries of one list looked at.</summary>
    public const int MaxEntries = 1 << 16;

    private const byte EndOfList = 0, BaseAddressx = 1, StartxEndx = 2, StartxLength = 3, OffsetPair = 4;
    private const byte DefaultLocation = 5, BaseAddress = 6, StartEnd = 7, StartLength = 8;

    /// <summary>What a location attribute says at one address.</summary>
    public enum Result
    {
        /// <summary>An expression applies.</summary>
        Found,
        /// <summary>The attribute is a list and no entry covers the address (the variable has no location there).</summary>
        NotCovered,
        /// <summary>The attribute is of a form that is no location.</summary>
        NotALocation,
    }

    /// <summary>
    /// The expression attribute <paramref name="value"/> of a DIE in <paramref name="unit"/> gives at link-time
    /// address <paramref name="pc"/>; <paramref name="expr"/> is empty unless the result is <see cref="Result.Found"/>.
    /// </summary>
    public static Result Find(DwarfUnit unit, in AttributeValue value, ulong pc, out ReadOnlySpan<byte> expr)
    {
        expr = default;
        if (value.IsBlock)
        {
            expr = unit.Section.Span.Slice(value.DataOffset, value.DataLength);
            return Result.Found;
        }
        bool isList = value.Form is DwarfForm.SecOffset or DwarfForm.Loclistx
            || unit.Version < 4 && value.Form is DwarfForm.Data4 or DwarfForm.Data8;
        if (!isList)
            return Result.NotALocation;
        return unit.Version < 5 ? FindV4(unit, value.Value, pc, out expr) : FindV5(unit, value, pc, out expr);
    }

    private static Result FindV5(DwarfUnit unit, in AttributeValue value, ulong pc, out ReadOnlySpan<byte> expr)
    {
        expr = default;
        DwarfFile file = unit.File;
        DwarfSection section = file.LocLists;
        ulong offset = value.Value;
        if (value.Form == DwarfForm.Loclistx)
        {
            ulong at = unit.LoclistsBase + value.Value * unit.OffsetSize;
            if (value.Value > int.MaxValue || at >= (ulong)section.Length)
                throw section.Error((long)Math.Min(at, long.MaxValue), $"location list index {value.Value} is past the end of the section (size 0x{section.Length:x})");
            var idx = new DwarfReader(section, (int)at);
            offset = unit.LoclistsBase + idx.ReadOffset(unit.OffsetSize);
        }
        if (offset >= (ulong)section.Length)
            throw section.Error((long)Math.Min(offset, long.MaxValue), $"location list offset is past the end of the section (size 0x{section.Length:x})");
        var r = new DwarfReader(section, (int)offset);
        ulong baseAddress = unit.BaseAddress;
        ulong addrBase = unit.AddrBase;
        int defaultStart = -1, defaultLength = 0;
        for (int n = 0; n < MaxEntries; n++)
        {
            int at = r.Position;
            byte kind = r.ReadU8();
            ulong start = 0, end = 0;
            switch (kind)
            {
                case EndOfList:
                    if (defaultStart >= 0)
                    {
                        expr = section.Span.Slice(defaultStart, defaultLength);
                        return Result.Found;
                    }
                    return Result.NotCovered;
                case BaseAddressx:
                    baseAddress = file.ReadAddressIndex(unit, r.ReadULeb128(), addrBase);
                    continue;
                case BaseAddress:
                    baseAddress = r.ReadAddress(unit.AddressSize);
                    continue;
                case StartxEndx:
                    start = file.ReadAddressIndex(unit, r.ReadULeb128(), addrBase);
                    end = file.ReadAddressIndex(unit, r.ReadULeb128(), addrBase);
                    break;
                case StartxLength:
                    start = file.ReadAddressIndex(unit, r.ReadULeb128(), addrBase);
                    end = start + r.ReadULeb128();
                    break;
                case OffsetPair:
                    start = baseAddress + r.ReadULeb128();
                    end = baseAddress + r.ReadULeb128();
                    break;
                case DefaultLocation:
                    break;
                case StartEnd:
                    start = r.ReadAddress(unit.AddressSize);
                    end = r.ReadAddress(unit.AddressSize);
                    break;
                case StartLength:
                    start = r.ReadAddress(unit.AddressSize);
                    end = start + r.ReadULeb128();
                    break;
                default:
                    r.Fail(at, $"unknown location list entry kind 0x{kind:x}");
                    break;
            }
            ulong length = r.ReadULeb128();
            if (length > (ulong)r.Remaining)
                r.Fail(r.Position, $"location description of 0x{length:x} bytes runs past the end of the section");
            int exprStart = r.Position;
            r.Skip(length);
            if (kind == DefaultLocation)
            {
                defaultStart = exprStart;
                defaultLength = (int)length;
                continue;
            }
            if (pc >= start && pc < end)
            {
                expr = section.Span.Slice(exprStart, (int)length);
                return Result.Found;
            }
        }
        throw section.Error((long)offset, $"location list has more than {MaxEntries} entries");
    }

    private static Result FindV4(DwarfUnit unit, ulong offset, ulong pc, out ReadOnlySpan<byte> expr)
    {
        expr = default;
        DwarfSection section = unit.File.Loc;
        if (offset >= (ulong)section.Length)
            throw section.Error((long)Math.Min(offset, long.MaxValue), $"location list offset is past the end of the section (size 0x{section.Length:x})");
        var r = new DwarfReader(section, (int)offset);
        ulong baseAddress = unit.BaseAddress;
        ulong maxAddress = unit.AddressSize == 8 ? ulong.MaxValue : (1UL << (unit.AddressSize * 8)) - 1;
        for (int n = 0; n < MaxEntries; n++)
        {
            ulong s = r.ReadAddress(unit.AddressSize);
            ulong e = r.ReadAddress(unit.AddressSize);
            if (s == 0 && e == 0)
                return Result.NotCovered;
            if (s == maxAddress)
            {
                baseAddress = e;
                continue;
            }
            int length = r.ReadU16();
            int exprStart = r.Position;
            r.Skip((ulong)length);
            if (pc >= baseAddress + s && pc < baseAddress + e)
            {
                expr = section.Span.Slice(exprStart, length);
                return Result.Found;
            }
        }
        throw section.Error((long)offset, $"location list has more than {MaxEntries} entries");
    }
}
