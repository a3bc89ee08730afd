using System.Collections.Concurrent;
using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Lines;

namespace Crashdive.Symbols;

public sealed partial class SymbolFile
{
    private readonly ConcurrentDictionary<ulong, AddressRange[]> _unitFunctionRanges = new();
    private readonly ConcurrentDictionary<ulong, GdbLineTable?> _gdbLineTables = new();

    /// <summary>
    /// The source file and line of a link-time code address as gdb (and so crash) names it, which can
    /// differ from the plain line-table row (<see cref="FindSourceLine"/>) where rows of several files
    /// share an address; see <see cref="GdbLineTable"/>. Null when no line table covers it.
    /// </summary>
    public SourceLocation? FindSourceLineAsGdb(ulong address) => FindSourceLineRangeAsGdb(address)?.Location;

    /// <summary>
    /// As <see cref="FindSourceLineAsGdb"/>, with the link-time range gdb gives that line there (its
    /// <c>info line</c>: where the line's code starts and where the next line's starts, 0 when none follows).
    /// </summary>
    public (SourceLocation Location, ulong Start, ulong End)? FindSourceLineRangeAsGdb(ulong address)
    {
        if (!HasDebugInfo)
            return null;
        UnitAddressMap map = _unitAddresses ??= UnitAddressMap.Build(Dwarf);
        if (map.FindUnitOffset(address) is not ulong unitOffset)
            return null;
        GdbLineTable? t = _gdbLineTables.GetOrAdd(unitOffset, static (offset, self) =>
        {
            if (self.GetLineTable(offset) is not LineTable lt)
                return null;
            string? name = self.Dwarf.FindUnit(offset)?.UnitDie.Name;
            return GdbLineTable.Build(lt, name);
        }, this);
        return t?.FindRange(address);
    }

    /// <summary>
    /// The code range of the function holding the link-time address <paramref name="address"/>, as gdb's
    /// <c>find_pc_partial_function</c> gives it: the one contiguous range of the function's
    /// DW_AT_low_pc/high_pc or DW_AT_ranges that contains the address (a <c>.cold</c> part is its own
    /// range). Null when no subprogram of the covering unit holds it.
    /// </summary>
    public AddressRange? FindFunctionRange(ulong address)
    {
        if (!HasDebugInfo)
            return null;
        UnitAddressMap map = _unitAddresses ??= UnitAddressMap.Build(Dwarf);
        if (map.FindUnitOffset(address) is not ulong unitOffset)
            return null;
        AddressRange[] ranges = _unitFunctionRanges.GetOrAdd(unitOffset, static (offset, self) => self.ReadFunctionRanges(offset), this);
        int lo = 0, hi = ranges.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (ranges[mid].Start <= address)
            {
                found = mid;
                lo = mid + 1;
            }
            else
                hi = mid - 1;
        }
        return found >= 0 && ranges[found].Contains(address) ? ranges[found] : null;
    }

    private AddressRange[] ReadFunctionRanges(ulong unitOffset)
    {
        DwarfUnit? unit = Dwarf.FindUnit(unitOffset);
        if (unit == null)
            return [];
        var list = new List<AddressRange>();
        foreach (Die child in unit.UnitDie.Children)
        {
            if (child.Tag != DwarfTag.Subprogram)
                continue;
            foreach (AddressRange r in child.GetRanges())
            {
                if (r.End > r.Start && r.Start != 0)
                    list.Add(r);
            }
        }
        list.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return list.ToArray();
    }
}
