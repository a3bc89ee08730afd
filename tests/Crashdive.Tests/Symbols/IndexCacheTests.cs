using System.Runtime.InteropServices;
using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf.Index;

namespace Crashdive.Tests.Symbols;

/// <summary>The name-index cache: written on first open, mapped on the next, ignored and rebuilt when anything about it is off.</summary>
public sealed class IndexCacheTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _elf;
    private readonly string _cacheDir;
    private readonly string _cacheFile;

    public IndexCacheTests()
    {
        _elf = _dir.Write("synthetic.elf", SyntheticDebugFile.Build(out _));
        _cacheDir = _dir.File("cache");
        _cacheFile = Path.Combine(_cacheDir, Convert.ToHexStringLower(SyntheticDebugFile.BuildId) + ".idx");
    }

    public void Dispose() => _dir.Dispose();

    private SymbolFile Open() => SymbolFile.Open(_elf, new SymbolFileOptions { Index = new NameIndexOptions { CacheDirectory = _cacheDir } });

    /// <summary>Opens, checks lookups work, and returns (from cache, note, entry count).</summary>
    private (bool FromCache, string Note, int Count) OpenAndCheck()
    {
        using SymbolFile f = Open();
        NameIndex index = f.Index;
        Assert.Equal(28UL, f.FindType("struct s")!.Size);
        Assert.Equal(SyntheticDebugFile.GvarAddress, f.FindVariable("gvar")!.Address);
        return (index.LoadedFromCache, index.CacheNote, index.Count);
    }

    [Fact]
    public void Second_open_maps_the_cache_written_by_the_first()
    {
        var first = OpenAndCheck();
        Assert.False(first.FromCache);
        Assert.Contains("wrote", first.Note);
        Assert.True(File.Exists(_cacheFile));
        Assert.Equal(128 + first.Count * 16 + 2 * 8, new FileInfo(_cacheFile).Length); // + the two unit offsets

        var second = OpenAndCheck();
        Assert.True(second.FromCache);
        Assert.Equal(first.Count, second.Count);

        // Warm: units are read one by one as lookups reach them, not all up front.
        using SymbolFile warm = Open();
        Assert.Equal(28UL, warm.FindType("struct s")!.Size);
        Assert.False(warm.Dwarf.AllUnitsRead);
    }

    [Fact]
    public void Disabled_cache_writes_nothing()
    {
        using SymbolFile f = SymbolFile.Open(_elf, new SymbolFileOptions { Index = new NameIndexOptions { CacheDirectory = _cacheDir, UseCache = false } });
        Assert.Equal(28UL, f.FindType("struct s")!.Size);
        Assert.False(Directory.Exists(_cacheDir));
    }

    public static TheoryData<string, string> Damage => new()
    {
        { "entry", "entries checksum mismatch" },
        { "header", "header checksum mismatch" },
        { "magic", "bad magic" },
        { "truncate", "file length does not match" },
        { "short", "shorter than its header" },
        { "empty", "shorter than its header" },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void Damaged_cache_is_ignored_rebuilt_and_replaced(string what, string reason)
    {
        OpenAndCheck();
        byte[] bytes = File.ReadAllBytes(_cacheFile);
        bytes = what switch
        {
            "entry" => Flip(bytes, bytes.Length - 3),
            "header" => Flip(bytes, 24),
            "magic" => Flip(bytes, 0),
            "truncate" => bytes[..^16],
            "short" => bytes[..100],
            _ => [],
        };
        File.WriteAllBytes(_cacheFile, bytes);

        var rebuilt = OpenAndCheck();
        Assert.False(rebuilt.FromCache);
        Assert.Contains(reason, rebuilt.Note);
        Assert.Contains("wrote", rebuilt.Note);
        Assert.True(OpenAndCheck().FromCache);
    }

    [Fact]
    public void Cache_of_a_changed_file_is_not_used()
    {
        OpenAndCheck();
        File.SetLastWriteTimeUtc(_elf, DateTime.UtcNow.AddMinutes(-5));
        var after = OpenAndCheck();
        Assert.False(after.FromCache);
        Assert.Contains("ELF file size or time changed", after.Note);
    }

    [Fact]
    public void Cache_of_another_build_is_not_used()
    {
        // Another file's valid cache under this build-id's name.
        byte[] other = SyntheticDebugFile.Build(out _);
        int at = other.AsSpan().IndexOf(SyntheticDebugFile.BuildId);
        other[at] ^= 0xff;
        string otherElf = _dir.Write("other.elf", other);
        using (SymbolFile o = SymbolFile.Open(otherElf, new SymbolFileOptions { Index = new NameIndexOptions { CacheDirectory = _cacheDir } }))
            _ = o.Index;
        string otherCache = Directory.GetFiles(_cacheDir).Single();
        File.Move(otherCache, _cacheFile);

        var mine = OpenAndCheck();
        Assert.False(mine.FromCache);
        Assert.Contains("build-id mismatch", mine.Note);
    }

    [Fact]
    public void Forged_cache_entries_are_checked_against_the_dwarf()
    {
        OpenAndCheck();
        // Rewrite every entry to point at garbage (past .debug_info, or at the wrong DIE) and fix the
        // checksums: the lookups must miss, not crash or return the wrong DIE.
        byte[] bytes = File.ReadAllBytes(_cacheFile);
        int count = (int)BitConverter.ToUInt64(bytes, 48); // EntryCount
        Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan(128));
        for (int i = 0; i < count; i++)
        {
            ulong kind = words[count + i] & (0xffUL << 56);
            words[count + i] = kind | (i % 2 == 0 ? 0xfffff0UL : 0x0cUL); // far past the section, or the unit DIE
        }
        ulong bodySum = NameHash.Checksum(words);
        BitConverter.GetBytes(bodySum).CopyTo(bytes, 64);
        ulong headerSum = NameHash.Checksum(MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan(0, 120)));
        BitConverter.GetBytes(headerSum).CopyTo(bytes, 120);
        File.WriteAllBytes(_cacheFile, bytes);

        using SymbolFile f = Open();
        Assert.True(f.Index.LoadedFromCache);
        Assert.Null(f.FindType("struct s"));
        Assert.Null(f.FindVariable("gvar"));
        Assert.Empty(f.Index.Find("gvar"));
    }

    [Fact]
    public void Forged_unit_offsets_fall_back_to_reading_every_unit_header()
    {
        OpenAndCheck();
        byte[] bytes = File.ReadAllBytes(_cacheFile);
        int count = (int)BitConverter.ToUInt64(bytes, 48);
        int units = 128 + count * 16;
        BitConverter.GetBytes(5UL).CopyTo(bytes, units); // "unit 0 starts at 5": inside its header
        Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan(128));
        BitConverter.GetBytes(NameHash.Checksum(words)).CopyTo(bytes, 64);
        BitConverter.GetBytes(NameHash.Checksum(MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan(0, 120)))).CopyTo(bytes, 120);
        File.WriteAllBytes(_cacheFile, bytes);

        var again = OpenAndCheck(); // lookups still right
        Assert.True(again.FromCache);
    }

    private static byte[] Flip(byte[] b, int at)
    {
        b[at] ^= 0x5a;
        return b;
    }
}
