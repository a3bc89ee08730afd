namespace Crashdive.Symbols.Dwarf;

/// <summary>
/// One unit of .debug_info (or DWARF 4 .debug_types): its header, and, read on first use, the
/// attributes of its unit DIE that other DIEs depend on (string-offset, address, range-list and
/// location-list bases; base address; name).
/// </summary>
public sealed class DwarfUnit
{
    private UnitDieInfo? _dieInfo;
    private AbbreviationTable? _abbreviations;

    private DwarfUnit(DwarfFile file, DwarfSection section, ulong sectionFlag)
    {
        File = file;
        Section = section;
        SectionFlag = sectionFlag;
    }

    /// <summary>The DWARF data this unit belongs to.</summary>
    public DwarfFile File { get; }

    internal DwarfSection Section { get; }

    /// <summary>0 for .debug_info units; <see cref="DwarfFile.TypesSectionFlag"/> for .debug_types units (part of their DIE keys).</summary>
    internal ulong SectionFlag { get; }

    /// <summary>Offset of the unit header in its section.</summary>
    public ulong Offset { get; private set; }

    /// <summary>Offset just past the unit.</summary>
    public ulong End { get; private set; }

    /// <summary>DWARF version (2-5).</summary>
    public ushort Version { get; private set; }

    /// <summary>Unit type (DWARF 5 header, or implied for older versions).</summary>
    public DwarfUnitType UnitType { get; private set; }

    /// <summary>Address size in bytes.</summary>
    public byte AddressSize { get; private set; }

    /// <summary>4 for 32-bit DWARF, 8 for 64-bit DWARF.</summary>
    public byte OffsetSize { get; private set; }

    /// <summary>Offset of the unit's abbreviations in .debug_abbrev.</summary>
    public ulong AbbrevOffset { get; private set; }

    /// <summary>Offset of the unit DIE (just after the header).</summary>
    public ulong FirstDieOffset { get; private set; }

    /// <summary>Type signature of a type unit, else 0.</summary>
    public ulong TypeSignature { get; private set; }

    /// <summary>Offset (in the section) of a type unit's type DIE, else 0.</summary>
    public ulong TypeOffset { get; private set; }

    /// <summary>DWO id of skeleton and split units, else 0.</summary>
    public ulong DwoId { get; private set; }

    /// <summary>True for type units (DW_UT_type, DW_UT_split_type, .debug_types).</summary>
    public bool IsTypeUnit => UnitType is DwarfUnitType.Type or DwarfUnitType.SplitType;

    internal UnitFormat Format { get; private set; }

    internal AbbreviationTable Abbreviations =>
        _abbreviations ??= File.GetAbbreviationTable(AbbrevOffset, Format);

    /// <summary>
    /// The abbreviations for a one-off pass (the index scan): the cached table if there is one,
    /// else a fresh one that is not kept. Caching all 2,000+ tables of a vmlinux would hold
    /// ~50 MB (measured) for units that are never looked at again.
    /// </summary>
    internal AbbreviationTable AbbreviationsForScan =>
        _abbreviations ?? File.PeekAbbreviationTable(AbbrevOffset, Format) ?? AbbreviationTable.Parse(File.Abbrev, AbbrevOffset, Format, File.Abbreviations);

    internal UnitDieInfo DieInfoWith(AbbreviationTable table) => _dieInfo ??= UnitDieInfo.Read(this, table);

    /// <summary>The unit DIE's DW_AT_name (the source file of a compile unit), or null.</summary>
    public string? Name => DieInfo.Name;

    internal ulong StrOffsetsBase => DieInfo.StrOffsetsBase;

    internal ulong AddrBase => DieInfo.AddrBase;

    internal ulong RnglistsBase => DieInfo.RnglistsBase;

    internal ulong LoclistsBase => DieInfo.LoclistsBase;

    internal ulong BaseAddress => DieInfo.BaseAddress;

    internal UnitDieInfo DieInfo => _dieInfo ??= UnitDieInfo.Read(this, Abbreviations);

    /// <summary>The unit DIE.</summary>
    public Die UnitDie => File.GetDie(SectionFlag | FirstDieOffset);

    /// <inheritdoc/>
    public override string ToString() => $"unit at {Section.Name}+0x{Offset:x} v{Version} {UnitType}";

    /// <summary>Parses the unit header at <paramref name="offset"/>; the unit's length must fit the section.</summary>
    internal static DwarfUnit ReadHeader(DwarfFile file, DwarfSection section, ulong sectionFlag, int offset, bool typesSection)
    {
        var r = new DwarfReader(section, offset);
        var u = new DwarfUnit(file, section, sectionFlag) { Offset = (ulong)offset };
        ulong length = r.ReadU32();
        byte offsetSize = 4;
        if (length == 0xffffffff)
        {
            length = r.ReadU64();
            offsetSize = 8;
        }
        else if (length >= 0xfffffff0)
        {
            r.Fail(offset, $"unit length 0x{length:x} is a reserved value");
        }
        ulong end = (ulong)r.Position + length;
        if (length > (ulong)r.Remaining)
            r.Fail(offset, $"unit length 0x{length:x} extends past the end of the section (size 0x{section.Length:x})");
        r.Limit = (int)end;
        u.End = end;
        u.OffsetSize = offsetSize;
        u.Version = r.ReadU16();
        if (u.Version < 2 || u.Version > 5)
            r.Fail(offset + (offsetSize == 8 ? 12 : 4), $"DWARF version {u.Version} is not supported");
        if (u.Version >= 5)
        {
            u.UnitType = (DwarfUnitType)r.ReadU8();
            u.AddressSize = r.ReadU8();
            u.AbbrevOffset = r.ReadOffset(offsetSize);
            switch (u.UnitType)
            {
                case DwarfUnitType.Type:
                case DwarfUnitType.SplitType:
                    u.TypeSignature = r.ReadU64();
                    u.TypeOffset = (ulong)offset + r.ReadOffset(offsetSize);
                    break;
                case DwarfUnitType.Skeleton:
                case DwarfUnitType.SplitCompile:
                    u.DwoId = r.ReadU64();
                    break;
                case DwarfUnitType.Compile:
                case DwarfUnitType.Partial:
                    break;
                default:
                    // Unknown unit types may carry header fields we cannot size; the unit is kept
                    // (so offsets still resolve) but its DIEs start at an unknown place.
                    r.Fail(offset, $"unit type 0x{(byte)u.UnitType:x} is not known, its header cannot be read");
                    break;
            }
        }
        else
        {
            u.AbbrevOffset = r.ReadOffset(offsetSize);
            u.AddressSize = r.ReadU8();
            u.UnitType = typesSection ? DwarfUnitType.Type : DwarfUnitType.Compile;
            if (typesSection)
            {
                u.TypeSignature = r.ReadU64();
                u.TypeOffset = (ulong)offset + r.ReadOffset(offsetSize);
            }
        }
        if (u.AddressSize is not (1 or 2 or 4 or 8))
            r.Fail(offset, $"address size {u.AddressSize} is not supported");
        u.FirstDieOffset = (ulong)r.Position;
        u.Format = new UnitFormat(u.AddressSize, offsetSize, u.Version);
        if (u.TypeOffset != 0 && (u.TypeOffset < u.FirstDieOffset || u.TypeOffset >= end))
            r.Fail(offset, $"type unit's type offset 0x{u.TypeOffset - (ulong)offset:x} is outside the unit");
        return u;
    }
}
