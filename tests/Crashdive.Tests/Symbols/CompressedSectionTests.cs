using System.IO.Compression;
using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Elf;
using Crashdive.Symbols.Types;

namespace Crashdive.Tests.Symbols;

/// <summary>SHF_COMPRESSED (zlib, zstd) and GNU .zdebug sections: inflated exactly, or refused with a reason.</summary>
public sealed class CompressedSectionTests : IDisposable
{
    private static readonly byte[] Payload = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7 % 251)).ToArray();

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Zlib(byte[] data)
    {
        var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(data);
        return ms.ToArray();
    }

    private static byte[] Chdr(uint type, ulong size, byte[] compressed) =>
        new ByteWriter().U32(type).U32(0).U64(size).U64(1).Raw(compressed).ToArray();

    private (ElfImage Image, ElfSection Section) Open(byte[] sectionBytes, string name = ".debug_info", ulong flags = ElfBuilder.ShfCompressed)
    {
        var b = new ElfBuilder();
        b.Add(name, sectionBytes, ElfBuilder.ShtProgBits, flags);
        string path = _dir.Write(Guid.NewGuid().ToString("n") + ".elf", b.Build());
        ElfImage image = ElfImage.Open(path);
        return (image, image.FindSection(name)!);
    }

    private DebugInfoFormatException Refused(byte[] sectionBytes, string name = ".debug_info", ulong flags = ElfBuilder.ShfCompressed)
    {
        var (image, section) = Open(sectionBytes, name, flags);
        using (image)
            return Assert.Throws<DebugInfoFormatException>(() => image.GetSectionData(section).ToArray());
    }

    [Fact]
    public void Zlib_section_inflates_to_its_declared_size()
    {
        var (image, s) = Open(Chdr(1, (ulong)Payload.Length, Zlib(Payload)));
        using (image)
        {
            Assert.True(s.IsCompressed);
            Assert.Equal(Payload, image.GetSectionData(s).ToArray());
        }
    }

    [Fact]
    public void Zstd_section_inflates_to_its_declared_size()
    {
        var (image, s) = Open(Chdr(2, (ulong)Payload.Length, ZstdCompressor.Compress(Payload)));
        using (image)
            Assert.Equal(Payload, image.GetSectionData(s).ToArray());
    }

    [Fact]
    public void Gnu_zdebug_section_inflates()
    {
        byte[] section = new ByteWriter().Raw("ZLIB"u8).Raw(BitConverter.GetBytes((ulong)Payload.Length).Reverse().ToArray()).Raw(Zlib(Payload)).ToArray();
        var (image, s) = Open(section, ".zdebug_info", 0);
        using (image)
            Assert.Equal(Payload, image.GetSectionData(s).ToArray());
    }

    [Fact]
    public void Header_too_short()
    {
        var e = Refused(new byte[10]);
        Assert.Contains("too short for its Elf64_Chdr (10 bytes)", e.Message);
        Assert.Contains(".debug_info", e.Message);
    }

    [Fact]
    public void Unknown_compression_type()
    {
        var e = Refused(Chdr(7, 100, Zlib(Payload)));
        Assert.Contains("unknown compression type 7", e.Message);
    }

    [Fact]
    public void Absurd_declared_sizes()
    {
        Assert.Contains("more than this reader supports", Refused(Chdr(1, 1UL << 40, Zlib(Payload))).Message);
        Assert.Contains("impossible ratio", Refused(Chdr(1, 100_000_000, new byte[10])).Message);
    }

    [Fact]
    public void Corrupt_or_short_zlib_data()
    {
        Assert.Contains("zlib data of section .debug_info is corrupt", Refused(Chdr(1, 5000, Enumerable.Repeat((byte)0x5a, 200).ToArray())).Message);
        var e = Refused(Chdr(1, (ulong)Payload.Length + 10, Zlib(Payload)));
        Assert.Contains($"inflates to {Payload.Length} bytes, its header says {Payload.Length + 10}", e.Message);
        e = Refused(Chdr(1, (ulong)Payload.Length - 10, Zlib(Payload)));
        Assert.Contains("inflates to more than", e.Message);
    }

    [Fact]
    public void Zstd_frame_size_disagreeing_with_the_header()
    {
        var e = Refused(Chdr(2, (ulong)Payload.Length - 1, ZstdCompressor.Compress(Payload)));
        Assert.Contains("zstd frame of section .debug_info declares 5000 bytes, its Elf64_Chdr says 4999", e.Message);
        Assert.Contains("zstd data", Refused(Chdr(2, 100, new byte[50])).Message);
    }

    [Fact]
    public void Compressed_dwarf_reads_like_uncompressed_dwarf()
    {
        DwarfBuilder d = SyntheticDebugFile.Dwarf();
        var b = new ElfBuilder();
        byte[] info = d.Info.ToArray(), str = d.Str.ToArray();
        b.Add(".debug_abbrev", d.Abbrev.ToArray());
        b.Add(".debug_info", Chdr(1, (ulong)info.Length, Zlib(info)), ElfBuilder.ShtProgBits, ElfBuilder.ShfCompressed);
        b.Add(".debug_str", Chdr(2, (ulong)str.Length, ZstdCompressor.Compress(str)), ElfBuilder.ShtProgBits, ElfBuilder.ShfCompressed);
        string path = _dir.Write("compressed.elf", b.Build());
        using SymbolFile f = SymbolFile.Open(path, new SymbolFileOptions { Index = new NameIndexOptions { UseCache = false } });
        var s = Assert.IsType<StructType>(f.FindType("struct s"));
        Assert.Equal(28UL, s.Size);
        Assert.Equal(8UL, s.FindMember("y")!.Value.Offset);
    }
}
