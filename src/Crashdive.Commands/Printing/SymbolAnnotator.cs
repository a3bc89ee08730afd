using Crashdive.Kernel;
using Crashdive.Symbols.Elf;

namespace Crashdive.Commands.Printing;

/// <summary>
/// The <c>&lt;symbol+offset&gt;</c> gdb appends to pointers, chosen as gdb 10 chooses it
/// (<c>lookup_minimal_symbol_by_pc_section</c> and <c>build_address_symbolic</c>) from the vmlinux ELF
/// symbols (gdb's minimal symbols): only addresses inside an allocated vmlinux section; among symbols
/// at or below the address in that section (sorted by address, then name), the nearest one with a
/// size, if the address falls inside it, else the nearest zero-sized one, which gdb drops unless it is
/// in a code section. Offsets are decimal.
/// </summary>
public sealed class SymbolAnnotator
{
    private const ulong SectionAlloc = 0x2, SectionExec = 0x4;

    private readonly KernelProgram _kernel;
    private readonly ulong[] _addresses = [];
    private readonly ElfSymbol[] _symbols = [];
    private readonly ElfSection[] _sections = [];

    private SymbolAnnotator(KernelProgram kernel)
    {
        _kernel = kernel;
        if (kernel.Vmlinux is not { } v)
            return;
        var list = new List<ElfSymbol>(v.Symbols.Count);
        for (int i = 0; i < v.Symbols.Count; i++)
        {
            ElfSymbol s = v.Symbols[i];
            if (s.Name.Length == 0 || !s.IsDefinedInSection || s.Type is ElfSymbolType.Section or ElfSymbolType.File)
                continue;
            list.Add(s);
        }
        list.Sort(static (a, b) => a.Address != b.Address ? a.Address.CompareTo(b.Address) : string.CompareOrdinal(a.Name, b.Name));
        _symbols = list.ToArray();
        _addresses = new ulong[_symbols.Length];
        for (int i = 0; i < _symbols.Length; i++)
            _addresses[i] = _symbols[i].Address;
        var sections = new List<ElfSection>();
        foreach (ElfSection s in v.Elf.Sections)
        {
            if ((s.Flags & SectionAlloc) != 0 && s.Size != 0 && s.Address != 0)
                sections.Add(s);
        }
        _sections = sections.ToArray();
    }

    /// <summary>The annotator of <paramref name="kernel"/> (made once).</summary>
    public static SymbolAnnotator Of(KernelProgram kernel) => kernel.Cached(static k => new SymbolAnnotator(k));

    /// <summary><c>&lt;name&gt;</c> or <c>&lt;name+off&gt;</c> for <paramref name="address"/>, or null when gdb would print none.</summary>
    public string? Annotate(ulong address)
    {
        if (address == 0 || _symbols.Length == 0)
            return null;
        if (Lookup(address) is var (name, offset, _))
            return offset == 0 ? $"<{name}>" : $"<{name}+{offset}>";
        return AnnotateModule(address);
    }

    /// <summary>
    /// The vmlinux ELF symbol gdb names <paramref name="address"/> after (its minimal symbol), the offset into it
    /// and the name of the section holding the address; null outside the vmlinux's sections or without a symbol.
    /// </summary>
    public (string Name, ulong Offset, string Section)? Lookup(ulong address)
    {
        if (address == 0 || _symbols.Length == 0)
            return null;
        ulong pc = unchecked(address - _kernel.KaslrOffset);
        ElfSection? section = null;
        foreach (ElfSection s in _sections)
        {
            if (pc >= s.Address && pc - s.Address < s.Size)
            {
                section = s;
                break;
            }
        }
        if (section == null)
            return null;
        int hi = Array.BinarySearch(_addresses, pc);
        if (hi < 0)
            hi = ~hi - 1;
        else
            while (hi + 1 < _addresses.Length && _addresses[hi + 1] == pc)
                hi++;
        int bestZeroSized = -1;
        for (int guard = 0; hi >= 0 && guard < 100_000; guard++)
        {
            ElfSymbol s = _symbols[hi];
            if (s.SectionIndex != section.Index)
            {
                hi--;
                continue;
            }
            if (s.Size == 0)
            {
                if (bestZeroSized == -1)
                    bestZeroSized = hi;
                hi--;
                continue;
            }
            break;
        }
        if (bestZeroSized != -1 && (hi < 0 || _symbols[hi].Size == 0))
            hi = bestZeroSized;
        if (hi >= 0 && _symbols[hi].Size != 0 && pc >= _symbols[hi].Address + _symbols[hi].Size)
        {
            if (bestZeroSized == -1)
                return null;
            hi = bestZeroSized;
        }
        if (hi < 0)
            return null;
        ElfSymbol found = _symbols[hi];
        if (found.Size == 0 && (section.Flags & SectionExec) == 0)
            return null;
        return (found.Name, pc - found.Address, section.Name);
    }

    /// <summary>
    /// Module addresses: crash hands gdb the modules' symbols from their in-memory symbol tables, so
    /// an address inside a loaded module is named after the closest symbol at or below it.
    /// </summary>
    private string? AnnotateModule(ulong address)
    {
        ModuleKallsyms modules;
        try
        {
            modules = _kernel.ModuleSymbols;
        }
        catch (Exception e) when (e is KernelObjectException or Dumps.MemoryFaultException or KernelLayoutException)
        {
            return null;
        }
        if (modules.ModuleAt(address) == null || modules.Resolve(address) is not var (symbol, offset))
            return null;
        return offset == 0 ? $"<{symbol.Name}>" : $"<{symbol.Name}+{offset}>";
    }
}
