using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Types;
using T = Crashdive.Symbols.Dwarf.DwarfTag;
using A = Crashdive.Symbols.Dwarf.DwarfAttribute;
using F = Crashdive.Symbols.Dwarf.DwarfForm;

namespace Crashdive.Tests.Symbols;

/// <summary>
/// .rela.debug_* applied to relocatable files as module .ko files need them (R_X86_64_32 for
/// string offsets, R_X86_64_64 for addresses), relative to section address 0 or given load
/// addresses; never applied to executables (vmlinux keeps its --emit-relocs sections).
/// </summary>
public sealed class RelocationTests : IDisposable
{
    private const uint R_X86_64_64 = 1, R_X86_64_32 = 10;
    private const int BssIndex = 2, InfoIndex = 4, StrIndex = 5, SymtabIndex = 6;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (ushort, ushort, long) S(ushort at, ushort form) => (at, form, 0);

    /// <summary>A module-like file: struct rs and variable rv whose name offsets and address are left to relocations.</summary>
    private static byte[] Module(ushort fileType, Func<List<(ulong Offset, ulong Info, long Addend)>, List<(ulong, ulong, long)>>? tamper = null)
    {
        var d = new DwarfBuilder();
        d.AbbrevEntry(1, T.CompileUnit, true);
        d.AbbrevEntry(2, T.StructureType, false, S(A.Name, F.Strp), S(A.ByteSize, F.Data1));
        d.AbbrevEntry(3, T.Variable, false, S(A.Name, F.Strp), S(A.Type, F.Ref4), S(A.Location, F.Exprloc));
        d.EndAbbrevs();
        d.Str.CString("junk").CString("rs").CString("rv"); // "rs" at 5, "rv" at 8
        var relocs = new List<(ulong Offset, ulong Info, long Addend)>();
        ulong Rel(uint type, uint sym) => (ulong)sym << 32 | type;

        d.BeginUnit();
        d.Die(1);
        d.Die(2, "rs");
        relocs.Add(((ulong)d.Info.Position, Rel(R_X86_64_32, 1), 5));
        d.U32(0).U8(12);
        d.Die(3);
        relocs.Add(((ulong)d.Info.Position, Rel(R_X86_64_32, 1), 8));
        d.U32(0).Ref4("rs");
        d.ULeb(9).U8(0x03);
        relocs.Add(((ulong)d.Info.Position, Rel(R_X86_64_64, 2), 0x10));
        d.U64(0);
        d.End();
        d.EndUnit();
        if (tamper != null)
            relocs = tamper(relocs).Select(r => (r.Item1, r.Item2, r.Item3)).ToList();

        var b = new ElfBuilder { FileType = fileType };
        b.Add(".text", new byte[16], ElfBuilder.ShtProgBits, ElfBuilder.ShfAlloc);
        b.Add(new ElfBuilder.Section(".bss", ElfBuilder.ShtNoBits, ElfBuilder.ShfAlloc, new byte[0x100]));
        b.Add(".debug_abbrev", d.Abbrev.ToArray());
        b.Add(".debug_info", d.Info.ToArray());
        b.Add(".debug_str", d.Str.ToArray());
        b.AddSymbols(
        [
            ("", 0, 0, 0x03, StrIndex),      // STT_SECTION .debug_str
            ("", 0, 0, 0x03, BssIndex),      // STT_SECTION .bss
            ("rv", 0x10, 4, 0x01, BssIndex), // LOCAL OBJECT
        ]);
        var rela = new ByteWriter();
        foreach (var (offset, info, addend) in relocs)
            rela.U64(offset).U64(info).U64((ulong)addend);
        b.Add(new ElfBuilder.Section(".rela.debug_info", ElfBuilder.ShtRela, 0, rela.ToArray(), 0, SymtabIndex, InfoIndex, 24));
        return b.Build();
    }

    private SymbolFile Open(byte[] file, IReadOnlyDictionary<string, ulong>? load = null) =>
        SymbolFile.Open(_dir.Write(Guid.NewGuid().ToString("n") + ".ko", file),
            new SymbolFileOptions { Index = new NameIndexOptions { UseCache = false }, SectionLoadAddresses = load });

    [Fact]
    public void Relocations_give_names_and_section_relative_addresses()
    {
        using SymbolFile f = Open(Module(1));
        Assert.True(f.Elf.IsRelocatable);
        Assert.Equal(12UL, f.FindType("struct rs")!.Size);
        Variable v = f.FindVariable("rv")!;
        Assert.Equal(0x10UL, v.Address);
        Assert.Equal("struct rs", v.Type.ToString());
    }

    [Fact]
    public void Load_addresses_relocate_dwarf_and_symbols_alike()
    {
        const ulong bss = 0xffffffffc0002000;
        using SymbolFile f = Open(Module(1), new Dictionary<string, ulong> { [".bss"] = bss });
        Assert.Equal(bss + 0x10, f.FindVariable("rv")!.Address);
        Assert.True(f.Symbols.TryFind("rv", out var sym));
        Assert.Equal(bss + 0x10, sym.Address);
    }

    [Fact]
    public void Executables_keep_their_debug_sections_as_linked()
    {
        // vmlinux carries .rela.debug_info (--emit-relocs) whose effect is already in .debug_info.
        using SymbolFile f = Open(Module(2));
        Assert.Null(f.FindType("struct rs")); // the name offsets stay 0 ("junk"), as written
        Assert.NotNull(f.FindType("struct junk"));
    }

    [Fact]
    public void Unsupported_relocation_type()
    {
        using SymbolFile f = Open(Module(1, rs => rs.Select((r, i) => i == 1 ? (r.Offset, (r.Info & ~0xffffffffUL) | 99, r.Addend) : r).ToList()));
        var e = Assert.Throws<DebugInfoFormatException>(() => f.FindType("struct rs"));
        Assert.Contains("relocation type 99 (machine 62) in .rela.debug_info is not supported", e.Message);
        Assert.True(e.Offset > 0);
    }

    [Fact]
    public void Relocation_outside_its_section_or_naming_a_missing_symbol()
    {
        using (SymbolFile f = Open(Module(1, rs => rs.Select((r, i) => i == 0 ? (0x10000UL, r.Info, r.Addend) : r).ToList())))
        {
            var e = Assert.Throws<DebugInfoFormatException>(() => f.FindType("struct rs"));
            Assert.Contains("patches offset 0x10000, outside .debug_info", e.Message);
        }
        using (SymbolFile f = Open(Module(1, rs => rs.Select((r, i) => i == 0 ? (r.Offset, (500UL << 32) | R_X86_64_32, r.Addend) : r).ToList())))
        {
            var e = Assert.Throws<DebugInfoFormatException>(() => f.FindType("struct rs"));
            Assert.Contains("names symbol 500, beyond the 4 in .symtab", e.Message);
        }
    }
}
