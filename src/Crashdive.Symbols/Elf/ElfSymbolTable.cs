using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Crashdive.Symbols.Elf;

/// <summary>
/// The symbol table of an ELF file (.symtab, else .dynsym): every symbol with its name, address,
/// size, type and binding; lookups by name (all symbols of that name: static functions repeat) and
/// by address (the nearest symbol at or below, for "sym+off"). Immutable once built.
/// </summary>
public sealed class ElfSymbolTable
{
    private readonly ElfSymbol[] _symbols;
    private readonly Dictionary<string, int> _firstByName;
    private readonly int[] _nextSameName;
    private readonly ulong[] _sortedAddresses;
    private readonly int[] _sortedSymbols;

    private ElfSymbolTable(ElfSymbol[] symbols)
    {
        _symbols = symbols;
        _firstByName = new Dictionary<string, int>(symbols.Length, StringComparer.Ordinal);
        _nextSameName = new int[symbols.Length];
        for (int i = symbols.Length - 1; i >= 0; i--)
        {
            string name = symbols[i].Name;
            if (name.Length == 0)
            {
                _nextSameName[i] = -1;
                continue;
            }
            _nextSameName[i] = _firstByName.TryGetValue(name, out int next) ? next : -1;
            _firstByName[name] = i;
        }
        (_sortedAddresses, _sortedSymbols) = BuildAddressIndex(symbols);
    }

    /// <summary>An empty table, for files without symbols.</summary>
    public static ElfSymbolTable Empty { get; } = new(Array.Empty<ElfSymbol>());

    /// <summary>Number of entries, including the null symbol 0.</summary>
    public int Count => _symbols.Length;

    /// <summary>Number of distinct addresses that address lookups can return.</summary>
    public int AddressIndexCount => _sortedAddresses.Length;

    /// <summary>Entry <paramref name="index"/> of the table.</summary>
    public ElfSymbol this[int index] => _symbols[index];

    /// <summary>Every symbol named <paramref name="name"/>, in table order (empty when none).</summary>
    public IReadOnlyList<ElfSymbol> FindAll(string name)
    {
        if (!_firstByName.TryGetValue(name, out int i))
            return Array.Empty<ElfSymbol>();
        var list = new List<ElfSymbol>(1);
        for (; i >= 0; i = _nextSameName[i])
            list.Add(_symbols[i]);
        return list;
    }

    /// <summary>
    /// The symbol named <paramref name="name"/> that a program would link against: defined global,
    /// else weak, else the first local one. False when no defined symbol has that name.
    /// </summary>
    public bool TryFind(string name, out ElfSymbol symbol)
    {
        symbol = default;
        int best = -1, bestRank = -1;
        if (_firstByName.TryGetValue(name, out int i))
        {
            for (; i >= 0; i = _nextSameName[i])
            {
                ElfSymbol s = _symbols[i];
                if (s.SectionIndex == ElfConstants.SectionUndefined || s.Type is ElfSymbolType.File or ElfSymbolType.Section)
                    continue;
                int rank = s.Binding switch { ElfSymbolBinding.Global => 3, ElfSymbolBinding.Weak => 2, _ => 1 };
                if (rank > bestRank)
                {
                    best = i;
                    bestRank = rank;
                }
            }
        }
        if (best < 0)
            return false;
        symbol = _symbols[best];
        return true;
    }

    /// <summary>
    /// The symbol with the greatest address at or below <paramref name="address"/> and the offset from it
    /// (whether or not the address is inside its size: see <see cref="SymbolOffset.IsInsideSymbol"/>).
    /// At one address, a global symbol wins over a weak one over a local one, a function or object over an untyped label.
    /// </summary>
    public bool TryFindByAddress(ulong address, out SymbolOffset result)
    {
        result = default;
        ulong[] a = _sortedAddresses;
        int found = SortedSearch.LastAtOrBelow(a, address);
        if (found < 0)
            return false;
        ElfSymbol s = _symbols[_sortedSymbols[found]];
        result = new SymbolOffset(s, address - s.Address);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once, over ~120k symbols
    internal static ElfSymbolTable Read(ElfImage image)
    {
        ElfSection? table = null;
        foreach (ElfSection s in image.Sections)
        {
            if (s.Type == ElfConstants.SectionTypeSymTab)
            {
                table = s;
                break;
            }
        }
        if (table == null)
        {
            foreach (ElfSection s in image.Sections)
            {
                if (s.Type == ElfConstants.SectionTypeDynSym)
                {
                    table = s;
                    break;
                }
            }
        }
        if (table == null)
            return Empty;

        string path = image.Path;
        if (table.EntrySize != ElfConstants.SymbolSize)
            throw new DebugInfoFormatException(path, table.HeaderOffset, $"symbol table {table.Name} has entry size {table.EntrySize}, not {ElfConstants.SymbolSize}");
        if (table.Link >= (uint)image.Sections.Count)
            throw new DebugInfoFormatException(path, table.HeaderOffset, $"symbol table {table.Name} links to string table {table.Link}, beyond the {image.Sections.Count} sections");
        ReadOnlySpan<byte> raw = image.GetSectionData(table);
        ReadOnlySpan<byte> strings = image.GetSectionData(image.Sections[(int)table.Link]);
        int count = raw.Length / ElfConstants.SymbolSize;
        var symbols = new ElfSymbol[count];
        for (int i = 0; i < count; i++)
        {
            Elf64Symbol e = MemoryMarshal.Read<Elf64Symbol>(raw[(i * ElfConstants.SymbolSize)..]);
            string name = "";
            if (e.Name != 0)
            {
                if (e.Name >= (uint)strings.Length)
                    throw new DebugInfoFormatException(path, (long)table.FileOffset + (long)i * ElfConstants.SymbolSize, $"symbol {i} name offset 0x{e.Name:x} is outside the string table (size 0x{strings.Length:x})");
                ReadOnlySpan<byte> rest = strings[(int)e.Name..];
                int end = rest.IndexOf((byte)0);
                if (end < 0)
                    throw new DebugInfoFormatException(path, (long)table.FileOffset + (long)i * ElfConstants.SymbolSize, $"symbol {i} name is not NUL-terminated inside the string table");
                name = Encoding.UTF8.GetString(rest[..end]);
            }
            ulong address = e.Value;
            if (image.IsRelocatable && e.SectionIndex != ElfConstants.SectionUndefined && e.SectionIndex < ElfConstants.SectionLoReserve)
                address += image.SectionAddress(e.SectionIndex);
            symbols[i] = new ElfSymbol(name, address, e.Size, (ElfSymbolType)(e.Info & 0xf), (ElfSymbolBinding)(e.Info >> 4), e.SectionIndex, i);
        }
        return new ElfSymbolTable(symbols);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once, over ~120k symbols
    private static (ulong[] Addresses, int[] Symbols) BuildAddressIndex(ElfSymbol[] symbols)
    {
        var keys = new ulong[symbols.Length];
        var indices = new int[symbols.Length];
        int n = 0;
        for (int i = 0; i < symbols.Length; i++)
        {
            ElfSymbol s = symbols[i];
            if (s.Name.Length == 0 || !s.IsDefinedInSection || s.Type is ElfSymbolType.Section or ElfSymbolType.File)
                continue;
            keys[n] = s.Address;
            indices[n] = i;
            n++;
        }
        // Sort by address (a primitive-key sort), then keep the best-ranked symbol of each address.
        Array.Sort(keys, indices, 0, n);
        var addresses = new List<ulong>(n);
        var best = new List<int>(n);
        for (int i = 0; i < n;)
        {
            int j = i, pick = indices[i];
            for (; j < n && keys[j] == keys[i]; j++)
            {
                int r = Rank(symbols[indices[j]]), pr = Rank(symbols[pick]);
                if (r > pr || (r == pr && indices[j] < pick))
                    pick = indices[j];
            }
            addresses.Add(keys[i]);
            best.Add(pick);
            i = j;
        }
        return (addresses.ToArray(), best.ToArray());
    }

    /// <summary>Preference among symbols at one address: global over weak over local, typed over untyped, sized over sizeless.</summary>
    private static int Rank(in ElfSymbol s)
    {
        int rank = s.Binding switch { ElfSymbolBinding.Global => 6, ElfSymbolBinding.Weak => 3, _ => 0 };
        if (s.Type is ElfSymbolType.Function or ElfSymbolType.Object)
            rank += 2;
        if (s.Size != 0)
            rank += 1;
        return rank;
    }
}
