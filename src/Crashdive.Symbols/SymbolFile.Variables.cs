using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Elf;
using Crashdive.Symbols.Types;

namespace Crashdive.Symbols;

public sealed partial class SymbolFile
{
    private const string PerCpuSection = ".data..percpu";

    /// <summary>
    /// The variable named <paramref name="name"/>: a DWARF definition with a static address if there
    /// is one; else its declaration's type with the ELF symbol's address. Null when DWARF does not
    /// know the name (use <see cref="Symbols"/> for bare ELF symbols).
    /// </summary>
    public Variable? FindVariable(string name)
    {
        if (!HasDebugInfo)
            return null;
        IReadOnlyList<IndexHit> hits = Index.Find(name, NameIndexKind.Variable);
        if (hits.Count == 0)
            return null;
        foreach (IndexHit h in hits)
        {
            if (h.IsDeclaration)
                continue;
            Die die = Dwarf.GetDie(h.DieKey);
            ReadOnlySpan<byte> location = die.GetBlock(DwarfAttribute.Location);
            if (DwarfExpression.TryGetStaticAddress(location, die.Unit, out ulong address))
                return new Variable(name, TypeOf(die), address, IsPerCpu(name, address), h.DieKey, false);
        }
        // No DWARF location (declared only, optimised, or defined in assembly/linker script):
        // take the type from DWARF and the address from the symbol table.
        IndexHit best = PreferDefinition(hits);
        Die d = Dwarf.GetDie(best.DieKey);
        ulong? symbolAddress = Symbols.TryFind(name, out ElfSymbol sym) ? sym.Address : null;
        return new Variable(name, TypeOf(d), symbolAddress, symbolAddress is ulong a && IsPerCpu(name, a), best.DieKey, symbolAddress != null);
    }

    /// <summary>
    /// The function named <paramref name="name"/> with code (a definition with an address), else an
    /// inlined-only or declared one (null address, unless the symbol table has it). Null when DWARF
    /// does not know the name.
    /// </summary>
    public Function? FindFunction(string name)
    {
        if (!HasDebugInfo)
            return null;
        IReadOnlyList<IndexHit> hits = Index.Find(name, NameIndexKind.Function);
        if (hits.Count == 0)
            return null;
        IndexHit best = PreferDefinition(hits);
        Die die = Dwarf.GetDie(best.DieKey);
        var type = (FunctionType)Types.GetType(best.DieKey);
        bool hasSymbol = Symbols.TryFind(name, out ElfSymbol sym) && sym.Type == ElfSymbolType.Function;
        IReadOnlyList<AddressRange> ranges = best.IsDeclaration ? Array.Empty<AddressRange>() : die.GetRanges();
        ulong? address = null, size = null;
        if (ranges.Count > 0)
        {
            // A function split into hot and cold parts has several ranges; its entry is where
            // the symbol is, else the lowest range.
            AddressRange entry = ranges[0];
            foreach (AddressRange r in ranges)
            {
                if (hasSymbol ? r.Contains(sym.Address) : r.Start < entry.Start)
                    entry = r;
            }
            address = hasSymbol && entry.Contains(sym.Address) ? sym.Address : entry.Start;
            size = entry.End - address;
        }
        else if (hasSymbol)
        {
            address = sym.Address;
            size = sym.Size != 0 ? sym.Size : null;
        }
        return new Function(name, type, address, size, best.DieKey);
    }

    /// <summary>The type of a variable DIE (following DW_AT_specification / DW_AT_abstract_origin when the DIE has no DW_AT_type).</summary>
    private CType TypeOf(Die die)
    {
        for (int hop = 0; hop < 4; hop++)
        {
            if (die.GetReference(DwarfAttribute.Type) is ulong t)
                return Types.GetType(t);
            ulong? next = die.GetReference(DwarfAttribute.Specification) ?? die.GetReference(DwarfAttribute.AbstractOrigin);
            if (next == null || Dwarf.FindUnit(next.Value) == null)
                break;
            die = Dwarf.GetDie(next.Value);
        }
        return VoidType.Instance;
    }

    private bool IsPerCpu(string name, ulong address)
    {
        ElfSection? percpu = Elf.FindSection(PerCpuSection);
        if (percpu == null)
            return false;
        if (Symbols.TryFind(name, out ElfSymbol sym))
            return sym.SectionIndex == percpu.Index;
        // Without a symbol, only an executable's addresses say which section they are in.
        ulong start = Elf.SectionAddress(percpu.Index);
        return !Elf.IsRelocatable && address >= start && address - start < percpu.Size;
    }

    /// <summary>The first hit that is a definition, else the first hit (a declaration).</summary>
    private static IndexHit PreferDefinition(IReadOnlyList<IndexHit> hits)
    {
        foreach (IndexHit h in hits)
            if (!h.IsDeclaration)
                return h;
        return hits[0];
    }
}
