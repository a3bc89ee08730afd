using Crashdive.Kernel;
using Crashdive.Symbols.Elf;

namespace Crashdive.Commands.Symbols;

/// <summary>
/// crash's kernel symbol table as <c>sym -l</c> prints it: the vmlinux ELF symbols sorted as
/// binutils' nm does (undefined first, then by value, then by name; crash's <c>gnu_qsort</c>),
/// kept by crash's <c>x86_64_verify_symbol</c> (before <c>_text</c>/<c>_stext</c> only the per-cpu
/// symbols), relocated by the KASLR offset when inside <c>.text</c>..last section end (crash's
/// <c>relocate</c>), each with the letter nm prints (bfd's <c>bfd_decode_symclass</c>).
/// </summary>
internal static class VmlinuxSymbolList
{
    private const ulong ShfWrite = 0x1, ShfAlloc = 0x2, ShfExec = 0x4;

    /// <summary>One printed symbol.</summary>
    public readonly record struct Entry(ulong Value, char Type, string Name);

    /// <summary>The symbols crash keeps, in crash's order.</summary>
    public static List<Entry> Build(KernelProgram kernel)
    {
        ElfImage elf = kernel.Vmlinux!.Elf;
        ElfSymbolTable table = elf.Symbols;
        var sections = elf.Sections;
        var order = new List<int>(table.Count);
        for (int i = 0; i < table.Count; i++)
        {
            if (i == 0 && table[i].Name.Length == 0 && table[i].SectionIndex == 0)
                continue; // the null symbol: bfd does not return it
            order.Add(i);
        }
        string NameOf(int i) => BfdName(table[i], sections);
        order.Sort((x, y) =>
        {
            bool ux = table[x].SectionIndex == (ushort)0 /* SHN_UNDEF */, uy = table[y].SectionIndex == (ushort)0 /* SHN_UNDEF */;
            if (ux != uy)
                return ux ? -1 : 1;
            if (!ux && table[x].Address != table[y].Address)
                return table[x].Address < table[y].Address ? -1 : 1;
            return string.CompareOrdinal(NameOf(x), NameOf(y));
        });

        // crash's first_section_start/last_section_end: .text's start, then the furthest end of
        // .text and every section after it in the section table.
        ulong first = 0, last = 0;
        foreach (ElfSection s in sections)
        {
            if (s.Name == ".text")
                first = s.Address;
            if (first != 0 && s.Address + s.Size > last)
                last = s.Address + s.Size;
        }
        ulong relocate = kernel.KaslrOffset;

        var result = new List<Entry>(order.Count);
        bool started = false, percpu = false;
        foreach (int i in order)
        {
            ElfSymbol sym = table[i];
            string name = SymbolNames.StripCloneSuffix(NameOf(i));
            char type = TypeLetter(sym, sections);
            if (name.Length == 0)
                continue;
            if (!started)
            {
                bool keep = false;
                if (name is "_text" or "_stext")
                {
                    started = true;
                    keep = true;
                }
                else if (name == "__per_cpu_start")
                {
                    percpu = true;
                    keep = true;
                }
                else if (percpu)
                {
                    keep = name.StartsWith("per_cpu", StringComparison.Ordinal) || name == "__per_cpu_end"
                        || type is 'V' or 'd' or 'D';
                }
                if (!keep)
                    continue;
            }
            ulong value = sym.Address >= first && sym.Address <= last ? unchecked(sym.Address + relocate) : sym.Address;
            result.Add(new Entry(value, type, name));
        }
        return result;
    }

    // bfd names a section symbol after its section.
    private static string BfdName(ElfSymbol sym, IReadOnlyList<ElfSection> sections) =>
        sym.Type == ElfSymbolType.Section && sym.Name.Length == 0 && sym.SectionIndex < sections.Count
            ? sections[sym.SectionIndex].Name
            : sym.Name;

    // bfd_decode_symclass with decode_section_type, for ELF sections.
    private static char TypeLetter(ElfSymbol sym, IReadOnlyList<ElfSection> sections)
    {
        ushort shndx = sym.SectionIndex;
        if (shndx == (ushort)0xfff2 /* SHN_COMMON */)
            return 'C';
        if (shndx == (ushort)0 /* SHN_UNDEF */)
        {
            if (sym.Binding == ElfSymbolBinding.Weak)
                return sym.Type == ElfSymbolType.Object ? 'v' : 'w';
            return 'U';
        }
        if ((int)sym.Type == 10) // STT_GNU_IFUNC
            return 'i';
        if (sym.Binding == ElfSymbolBinding.Weak)
            return sym.Type == ElfSymbolType.Object ? 'V' : 'W';
        if (sym.Binding == ElfSymbolBinding.Unique)
            return 'u';
        char c;
        if (shndx == (ushort)0xfff1 /* SHN_ABS */)
            c = 'a';
        else if (shndx < sections.Count)
            c = SectionLetter(sections[shndx]);
        else
            c = '?';
        return sym.Binding == ElfSymbolBinding.Global ? char.ToUpperInvariant(c) : c;
    }

    private static char SectionLetter(ElfSection s)
    {
        bool alloc = (s.Flags & ShfAlloc) != 0;
        bool contents = !s.IsNoBits;
        bool load = alloc && contents;
        bool readOnly = (s.Flags & ShfWrite) == 0;
        if ((s.Flags & ShfExec) != 0)
            return 't';
        if (load)
            return readOnly ? 'r' : 'd';
        if (!contents)
            return 'b';
        if (s.Name.StartsWith(".debug", StringComparison.Ordinal) || s.Name.StartsWith(".zdebug", StringComparison.Ordinal)
            || s.Name.StartsWith(".stab", StringComparison.Ordinal) || s.Name.StartsWith(".gnu.linkonce.wi.", StringComparison.Ordinal)
            || s.Name == ".line")
            return 'N';
        if (readOnly)
            return 'n';
        return '?';
    }
}
