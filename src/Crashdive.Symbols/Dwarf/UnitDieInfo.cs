using System.Runtime.CompilerServices;

namespace Crashdive.Symbols.Dwarf;

/// <summary>The attributes of a unit DIE that the rest of the unit depends on. Immutable once read.</summary>
internal sealed class UnitDieInfo
{
    public ushort Tag { get; private init; }
    public string? Name { get; private init; }
    public ulong StrOffsetsBase { get; private init; }
    public ulong AddrBase { get; private init; }
    public ulong RnglistsBase { get; private init; }
    public ulong LoclistsBase { get; private init; }
    public ulong BaseAddress { get; private init; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per unit before tiering kicks in
    public static UnitDieInfo Read(DwarfUnit unit, AbbreviationTable table)
    {
        // DWARF 5 split units without DW_AT_str_offsets_base start after the 8- or 16-byte
        // .debug_str_offsets header; older GNU split DWARF has no header.
        ulong strBase = unit.Version >= 5 ? (ulong)(unit.OffsetSize == 8 ? 16 : 8) : 0;
        ulong addrBase = 0, rngBase = 0, locBase = 0;
        ushort tag = 0;
        string? name = null;
        AttributeValue low = default;
        bool hasLow = false;
        if (unit.FirstDieOffset < unit.End)
        {
            var r = new DwarfReader(unit.Section, (int)unit.FirstDieOffset, (int)unit.End);
            ulong code = r.ReadULeb128();
            Abbreviation? ab = code == 0 ? null : table.Get(code);
            if (ab == null && code != 0)
                r.Fail((long)unit.FirstDieOffset, $"unit DIE uses abbreviation {code}, which its table (.debug_abbrev+0x{unit.AbbrevOffset:x}) lacks");
            if (ab != null)
            {
                tag = ab.Tag;
                AttributeValue nameValue = default;
                bool hasName = false;
                foreach (AttributeSpec spec in ab.Attributes)
                {
                    FormReader.Read(ref r, spec, unit, out AttributeValue v);
                    switch (spec.Attribute)
                    {
                        case DwarfAttribute.StrOffsetsBase: strBase = v.Value; break;
                        case DwarfAttribute.AddrBase:
                        case DwarfAttribute.GnuAddrBase: addrBase = v.Value; break;
                        case DwarfAttribute.RnglistsBase:
                        case DwarfAttribute.GnuRangesBase: rngBase = v.Value; break;
                        case DwarfAttribute.LoclistsBase: locBase = v.Value; break;
                        case DwarfAttribute.LowPc: low = v; hasLow = true; break;
                        case DwarfAttribute.Name: nameValue = v; hasName = true; break;
                    }
                }
                var partial = new UnitDieInfo { Tag = tag, StrOffsetsBase = strBase, AddrBase = addrBase };
                if (hasName)
                    name = unit.File.TryReadString(unit, nameValue, partial, out string? s) ? s : null;
                if (hasLow)
                    low.Value = unit.File.ResolveAddress(unit, low, partial) ?? 0;
            }
        }
        return new UnitDieInfo
        {
            Tag = tag,
            Name = name,
            StrOffsetsBase = strBase,
            AddrBase = addrBase,
            RnglistsBase = rngBase,
            LoclistsBase = locBase,
            BaseAddress = hasLow ? low.Value : 0,
        };
    }
}
