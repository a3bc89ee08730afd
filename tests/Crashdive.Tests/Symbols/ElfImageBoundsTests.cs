using System.Buffers.Binary;
using Crashdive.Symbols;
using Crashdive.Symbols.Elf;

namespace Crashdive.Tests.Symbols;

/// <summary>The ELF reader refuses malformed and truncated files with one line naming file, offset and reason.</summary>
public sealed class ElfImageBoundsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ElfBuilder Sample()
    {
        var b = new ElfBuilder();
        b.AddBuildId([1, 2, 3, 4, 5, 6, 7, 8]);
        int text = b.Add(".text", new byte[0x40], ElfBuilder.ShtProgBits, ElfBuilder.ShfAlloc, 0xffffffff81000000);
        b.AddSymbols(
        [
            ("start_local", 0xffffffff81000000, 0, 0x00, (ushort)text),  // LOCAL NOTYPE
            ("start", 0xffffffff81000000, 0x10, 0x12, (ushort)text),     // GLOBAL FUNC: preferred at the same address
            ("helper", 0xffffffff81000010, 0x10, 0x02, (ushort)text),    // LOCAL FUNC
            ("helper", 0xffffffff81000030, 0x10, 0x02, (ushort)text),    // a second static of the same name
            ("abs_const", 0x1ff, 0, 0x10, 0xfff1),                     // ABS: never an address
        ]);
        return b;
    }

    private DebugInfoFormatException Refused(byte[] file, Action<ElfImage>? use = null)
    {
        string path = _dir.Write("bad.elf", file);
        return Assert.Throws<DebugInfoFormatException>(() =>
        {
            using ElfImage image = ElfImage.Open(path);
            use?.Invoke(image);
        });
    }

    [Fact]
    public void Valid_file_gives_sections_build_id_and_symbols()
    {
        string path = _dir.Write("ok.elf", Sample().Build());
        using ElfImage image = ElfImage.Open(path);
        Assert.Equal("0102030405060708", image.BuildIdHex);
        Assert.Equal(0xffffffff81000000UL, image.FindSection(".text")!.Address);
        Assert.Null(image.FindSection(".nosuch"));

        ElfSymbolTable symbols = image.Symbols;
        Assert.True(symbols.TryFind("start", out ElfSymbol start));
        Assert.Equal(ElfSymbolType.Function, start.Type);
        Assert.Equal(ElfSymbolBinding.Global, start.Binding);
        Assert.Equal(2, symbols.FindAll("helper").Count);
        Assert.Empty(symbols.FindAll("nosuch"));

        Assert.True(symbols.TryFindByAddress(0xffffffff81000004, out SymbolOffset at));
        Assert.Equal("start+0x4", at.ToString());          // the global FUNC wins over the local label
        Assert.True(symbols.TryFindByAddress(0xffffffff81000035, out at));
        Assert.Equal("helper+0x5", at.ToString());
        Assert.Equal(0xffffffff81000030UL, at.Symbol.Address);
        Assert.False(symbols.TryFindByAddress(0x1ff, out _)); // absolute symbols are not addresses
        Assert.False(symbols.TryFindByAddress(0xffffffff80000000, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(63)]
    public void Too_short_for_a_header(int length)
    {
        var e = Refused(Sample().Build()[..length]);
        Assert.Contains("too short for an ELF header", e.Message);
        Assert.Contains("bad.elf", e.Message);
    }

    [Fact]
    public void Bad_magic_class_and_byte_order()
    {
        byte[] f = Sample().Build();
        f[1] = (byte)'X';
        Assert.Contains("not an ELF file", Refused(f).Message);

        f = Sample().Build();
        f[4] = 1;
        Assert.Equal("only ELF64", Refused(f).Message.Split('(')[^1].TrimEnd(')'));

        f = Sample().Build();
        f[5] = 2;
        Assert.Contains("only little-endian", Refused(f).Message);
    }

    [Fact]
    public void Truncated_section_header_table()
    {
        ElfBuilder b = Sample();
        byte[] f = b.Build();
        var e = Refused(f[..(int)(b.SectionHeaderOffset + 100)]);
        Assert.Contains("section header table", e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Equal(b.SectionHeaderOffset, e.Offset);

        e = Refused(f[..(int)(b.SectionHeaderOffset + 10)]);
        Assert.Contains("section header table extends past end of file", e.Message);
    }

    [Fact]
    public void Section_data_past_end_of_file()
    {
        ElfBuilder b = Sample();
        byte[] f = b.Build();
        long header = b.SectionHeaderOffset + 2 * 64; // section 2: .text
        BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan((int)header + 32), 0x7fff_0000_0000); // sh_size
        var e = Refused(f);
        Assert.Equal(header, e.Offset);
        Assert.Contains("section 2", e.Message);
        Assert.Contains("extends past end of file", e.Message);
    }

    [Fact]
    public void Section_header_size_and_name_table_index_are_checked()
    {
        byte[] f = Sample().Build();
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(58), 40); // e_shentsize
        Assert.Contains("section header size 40", Refused(f).Message);

        f = Sample().Build();
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(62), 200); // e_shstrndx
        Assert.Contains("section name table index 200", Refused(f).Message);

        f = Sample().Build();
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(60), 60000); // e_shnum beyond the file
        Assert.Contains("60000 entries extends past end of file", Refused(f).Message);
    }

    [Fact]
    public void Section_name_outside_the_name_table()
    {
        ElfBuilder b = Sample();
        byte[] f = b.Build();
        long header = b.SectionHeaderOffset + 2 * 64;
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan((int)header), 0x10000); // sh_name
        var e = Refused(f);
        Assert.Equal(header, e.Offset);
        Assert.Contains("name offset 0x10000 is outside the section name table", e.Message);
    }

    [Fact]
    public void Symbol_name_outside_the_string_table()
    {
        ElfBuilder b = Sample();
        byte[] f = b.Build();
        int symtab = 3; // build-id, .text, .symtab
        long dataOffset = b.DataOffsets[symtab];
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan((int)dataOffset + 24 * 2), 0xffffff); // symbol 2's st_name
        var e = Refused(f, image => _ = image.Symbols);
        Assert.Equal(dataOffset + 48, e.Offset);
        Assert.Contains("symbol 2 name offset 0xffffff is outside the string table", e.Message);
    }

    [Fact]
    public void Note_larger_than_its_section()
    {
        ElfBuilder b = Sample();
        byte[] f = b.Build();
        long note = b.DataOffsets[1];
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan((int)note + 4), 0x1000); // n_descsz
        var e = Refused(f, image => _ = image.BuildId);
        Assert.Equal(note, e.Offset);
        Assert.Contains("extends past the end of its section", e.Message);
    }

    [Fact]
    public void Not_an_elf_file_for_symbol_files_too()
    {
        string path = _dir.Write("text.txt", "hello, this is not ELF at all........................................."u8.ToArray());
        var e = Assert.Throws<DebugInfoFormatException>(() => SymbolFile.Open(path));
        Assert.Equal($"{path}: offset 0x0: not an ELF file (bad magic)", e.Message);
    }
}
