using System.Collections.Concurrent;
using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Lines;

namespace Crashdive.Symbols;

public sealed partial class SymbolFile
{
    private UnitAddressMap? _unitAddresses;
    private readonly ConcurrentDictionary<ulong, LineTable?> _lineTables = new();

    /// <summary>
    /// The source file and line of a link-time code address (crash's <c>bt -l</c>, <c>dis -l</c>), from
    /// the line table of the unit that covers it; null when no line table covers it.
    /// </summary>
    public SourceLocation? FindSourceLine(ulong address)
    {
        if (!HasDebugInfo)
            return null;
        UnitAddressMap map = _unitAddresses ??= UnitAddressMap.Build(Dwarf);
        if (map.FindUnitOffset(address) is not ulong unitOffset)
            return null;
        return GetLineTable(unitOffset)?.Find(address);
    }

    /// <summary>The line table of the unit at <paramref name="unitOffset"/> (its DW_AT_stmt_list), or null when it has none.</summary>
    public LineTable? GetLineTable(ulong unitOffset) =>
        _lineTables.GetOrAdd(unitOffset, static (offset, self) =>
        {
            DwarfUnit? unit = self.Dwarf.FindUnit(offset);
            if (unit == null)
                return null;
            Die die = unit.UnitDie;
            if (!die.TryGet(DwarfAttribute.StmtList, out AttributeValue stmt))
                return null;
            return LineProgramReader.Read(unit, stmt.Value, die.GetString(DwarfAttribute.CompDir));
        }, this);
}
