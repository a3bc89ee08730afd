using System.Collections.Concurrent;
using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Lines;
using Crashdive.Symbols.Dwarf.Locations;

namespace Crashdive.Symbols;

public sealed partial class SymbolFile
{
    /// <summary>Deepest nesting of blocks and inlined calls followed inside one function.</summary>
    public const int MaxScopeDepth = 64;

    /// <summary>Most DIEs looked at under one function for one address.</summary>
    public const int MaxScopeDies = 200_000;

    private readonly ConcurrentDictionary<ulong, (AddressRange Range, ulong Die)[]> _unitSubprograms = new();

    /// <summary>
    /// The function scopes holding the link-time code address <paramref name="pc"/>, innermost first: the
    /// functions inlined there (DW_TAG_inlined_subroutine), then the concrete function. Empty when no
    /// DWARF subprogram covers the address. For a caller's frame pass the return address minus one, as gdb does.
    /// </summary>
    public IReadOnlyList<FrameScope> FindFrameScopes(ulong pc)
    {
        if (!HasDebugInfo)
            return [];
        UnitAddressMap map = _unitAddresses ??= UnitAddressMap.Build(Dwarf);
        if (map.FindUnitOffset(pc) is not ulong unitOffset)
            return [];
        (AddressRange Range, ulong Die)[] subprograms = _unitSubprograms.GetOrAdd(unitOffset, static (offset, self) => self.ReadSubprograms(offset), this);
        ulong? found = null;
        foreach (var (range, die) in subprograms)
        {
            if (range.Start > pc)
                break;
            if (range.Contains(pc))
                found = die;
        }
        if (found is not ulong subprogramKey)
            return [];
        Die subprogram = Dwarf.GetDie(subprogramKey);
        var scopes = new List<FrameScope>();
        var current = new ScopeBuilder(NameOf(subprogram), subprogramKey, false, null);
        int budget = MaxScopeDies;
        Collect(subprogram, pc, subprogramKey, current, scopes, 0, ref budget);
        scopes.Add(current.Build(subprogramKey)); // the inlined scopes were added innermost first
        return scopes;
    }

    /// <summary>
    /// Where <paramref name="variable"/> is at link-time address <paramref name="pc"/> in the frame
    /// <paramref name="context"/> describes: its location list or expression evaluated, or its constant value.
    /// </summary>
    public VariableLocation LocateVariable(FrameScopeVariable variable, ulong pc, ILocationContext context)
    {
        int size = (int)Math.Min(variable.Type.Underlying().Size ?? 8, LocationEvaluator.MaxValueSize);
        try
        {
            Die die = Dwarf.GetDie(variable.DieKey);
            if (!die.TryGet(DwarfAttribute.Location, out AttributeValue location))
                return ConstantValue(die, size) ?? VariableLocation.OptimizedOut("no location");
            switch (LocationLists.Find(die.Unit, location, pc, out ReadOnlySpan<byte> expr))
            {
                case LocationLists.Result.NotCovered:
                    return VariableLocation.OptimizedOut("no location at this address");
                case LocationLists.Result.NotALocation:
                    return VariableLocation.Unavailable($"DW_AT_location of form {DwarfForm.ToName(location.Form)}");
            }
            ulong? frameBase = FrameBase(variable.FrameBaseDieKey, pc, context);
            return LocationEvaluator.Evaluate(expr, context, size, frameBase, die.Unit);
        }
        catch (DebugInfoFormatException e)
        {
            return VariableLocation.Unavailable(e.Message);
        }
    }

    private ulong? FrameBase(ulong subprogramKey, ulong pc, ILocationContext context)
    {
        Die sub = Dwarf.GetDie(subprogramKey);
        if (!sub.TryGet(DwarfAttribute.FrameBase, out AttributeValue fb)
            || LocationLists.Find(sub.Unit, fb, pc, out ReadOnlySpan<byte> expr) != LocationLists.Result.Found)
            return null;
        VariableLocation l = LocationEvaluator.Evaluate(expr, context, 8, null, sub.Unit);
        return l.Kind switch
        {
            LocationKind.Memory => l.Address,
            LocationKind.Value when l.Bytes is { Length: >= 8 } b => BitConverter.ToUInt64(b),
            _ => null,
        };
    }

    private static VariableLocation? ConstantValue(Die die, int size)
    {
        if (!die.TryGet(DwarfAttribute.ConstValue, out AttributeValue v))
            return null;
        var bytes = new byte[size];
        if (v.IsConstant)
        {
            for (int i = 0; i < size && i < 8; i++)
                bytes[i] = (byte)(v.Value >> (8 * i));
            if (v.IsSigned && (long)v.Value < 0)
                for (int i = 8; i < size; i++)
                    bytes[i] = 0xff;
            return VariableLocation.OfValue(bytes);
        }
        if (v.IsBlock || v.Form == DwarfForm.Data16)
        {
            die.Unit.Section.Span.Slice(v.DataOffset, Math.Min(v.DataLength, size)).CopyTo(bytes);
            return VariableLocation.OfValue(bytes);
        }
        return VariableLocation.Unavailable($"DW_AT_const_value of form {DwarfForm.ToName(v.Form)}");
    }

    private void Collect(Die parent, ulong pc, ulong frameBaseKey, ScopeBuilder current, List<FrameScope> inner, int depth, ref int budget)
    {
        if (depth > MaxScopeDepth)
            throw Dwarf.SectionOf(parent.Key).Error((long)parent.SectionOffset, $"blocks nest deeper than {MaxScopeDepth}");
        var blockLocals = new List<FrameScopeVariable>();
        Die? next = null;
        ScanChildren(parent, pc, frameBaseKey, current, blockLocals, ref next, depth, ref budget);
        current.Blocks.Add(blockLocals);
        if (next is not Die n)
            return;
        if (n.Tag == DwarfTag.LexicalBlock)
        {
            Collect(n, pc, frameBaseKey, current, inner, depth + 1, ref budget);
            return;
        }
        var inlined = new ScopeBuilder(NameOf(n), n.Key, true, CallSite(n));
        Collect(n, pc, frameBaseKey, inlined, inner, depth + 1, ref budget);
        inner.Add(inlined.Build(frameBaseKey));
    }

    // The variables of one block and the first nested block or inlined call that covers the pc. A lexical
    // block without addresses is transparent, as gdb reads it: its variables and nested scopes belong to
    // the enclosing block.
    private void ScanChildren(Die parent, ulong pc, ulong frameBaseKey, ScopeBuilder current, List<FrameScopeVariable> blockLocals,
        ref Die? next, int depth, ref int budget)
    {
        if (depth > MaxScopeDepth)
            throw Dwarf.SectionOf(parent.Key).Error((long)parent.SectionOffset, $"blocks nest deeper than {MaxScopeDepth}");
        foreach (Die child in parent.Children)
        {
            if (--budget < 0)
                throw Dwarf.SectionOf(parent.Key).Error((long)parent.SectionOffset, $"function has more than {MaxScopeDies} DIEs");
            switch (child.Tag)
            {
                case DwarfTag.FormalParameter:
                case DwarfTag.Variable:
                {
                    if (child.GetFlag(DwarfAttribute.Declaration))
                        break;
                    string? name = NameOf(child);
                    if (name == null)
                        break;
                    bool parameter = child.Tag == DwarfTag.FormalParameter;
                    var v = new FrameScopeVariable(name, TypeOf(child), parameter, child.Key, frameBaseKey);
                    if (parameter)
                        current.Parameters.Add(v);
                    else
                        blockLocals.Add(v);
                    break;
                }
                case DwarfTag.LexicalBlock:
                case DwarfTag.InlinedSubroutine:
                {
                    IReadOnlyList<AddressRange> ranges = child.GetRanges();
                    if (child.Tag == DwarfTag.LexicalBlock && ranges.Count == 0)
                    {
                        ScanChildren(child, pc, frameBaseKey, current, blockLocals, ref next, depth + 1, ref budget);
                        break;
                    }
                    bool covers = false;
                    foreach (AddressRange r in ranges)
                        covers |= r.Contains(pc);
                    if (covers && next == null)
                        next = child;
                    break;
                }
            }
        }
    }

    private SourceLocation? CallSite(Die inlined)
    {
        if (inlined.GetUnsigned(DwarfAttribute.CallLine) is not ulong line || inlined.GetUnsigned(DwarfAttribute.CallFile) is not ulong file)
            return null;
        LineTable? table = GetLineTable(inlined.Unit.Offset);
        string name = table != null && file < (ulong)table.Files.Count ? table.Files[(int)file] : $"<file {file}>";
        return new SourceLocation(name, (int)Math.Min(line, int.MaxValue), 0);
    }

    /// <summary>DW_AT_name, following DW_AT_abstract_origin and DW_AT_specification a few hops.</summary>
    private string? NameOf(Die die)
    {
        for (int hop = 0; hop < 4; hop++)
        {
            if (die.Name is string n)
                return n;
            ulong? next = die.GetReference(DwarfAttribute.AbstractOrigin) ?? die.GetReference(DwarfAttribute.Specification);
            if (next == null || Dwarf.FindUnit(next.Value) == null)
                return null;
            die = Dwarf.GetDie(next.Value);
        }
        return null;
    }

    private (AddressRange, ulong)[] ReadSubprograms(ulong unitOffset)
    {
        DwarfUnit? unit = Dwarf.FindUnit(unitOffset);
        if (unit == null)
            return [];
        var list = new List<(AddressRange, ulong)>();
        foreach (Die child in unit.UnitDie.Children)
        {
            if (child.Tag != DwarfTag.Subprogram)
                continue;
            foreach (AddressRange r in child.GetRanges())
            {
                if (r.End > r.Start && r.Start != 0)
                    list.Add((r, child.Key));
            }
        }
        list.Sort(static (a, b) => a.Item1.Start.CompareTo(b.Item1.Start));
        return list.ToArray();
    }

    private sealed class ScopeBuilder(string? name, ulong dieKey, bool inlined, SourceLocation? callSite)
    {
        public List<FrameScopeVariable> Parameters { get; } = [];
        public List<List<FrameScopeVariable>> Blocks { get; } = [];

        public FrameScope Build(ulong frameBaseKey)
        {
            var all = new List<FrameScopeVariable>(Parameters);
            for (int i = Blocks.Count - 1; i >= 0; i--)
                all.AddRange(Blocks[i]);
            return new FrameScope(name, dieKey, inlined, callSite, frameBaseKey, all);
        }
    }
}
