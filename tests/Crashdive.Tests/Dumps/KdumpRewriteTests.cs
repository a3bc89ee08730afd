using System.Text.RegularExpressions;
using Crashdive.Dumps;
using Crashdive.Dumps.Kdump;
using Crashdive.Tests.Support;

namespace Crashdive.Tests.Dumps;

/// <summary>The real zlib dump rewritten once per codec into a temporary directory, shared by the tests.</summary>
public sealed class RewrittenDumps : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crashdive-kdump-").FullName;
    private readonly Dictionary<RewriteCodec, (string Path, KdumpWriter.Result Result)> _files = [];

    public string Source { get; } = Fixtures.Path("kdump/vmcore.kdump-zlib");

    public (string Path, KdumpWriter.Result Result) Get(RewriteCodec codec)
    {
        lock (_files)
        {
            if (!_files.TryGetValue(codec, out var f))
            {
                string path = System.IO.Path.Combine(_dir, $"vmcore.kdump-{codec.ToString().ToLowerInvariant()}");
                _files[codec] = f = (path, KdumpWriter.Rewrite(Source, path, codec));
            }
            return f;
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

/// <summary>
/// Every page of the real dump, recompressed with snappy, zstd, lzo, zlib, stored, or a mixture per
/// page, reads back byte for byte as the original; the page-storage counts name the codec.
/// </summary>
public sealed class KdumpRewriteTests(RewrittenDumps files) : IClassFixture<RewrittenDumps>
{
    [Theory]
    [InlineData(RewriteCodec.Snappy, 0x4u, "DUMP_DH_COMPRESSED_SNAPPY", "snappy")]
    [InlineData(RewriteCodec.Zstd, 0x20u, "DUMP_DH_COMPRESSED_ZSTD", "zstd")]
    [InlineData(RewriteCodec.Lzo, 0x2u, "DUMP_DH_COMPRESSED_LZO", "lzo")]
    [InlineData(RewriteCodec.Zlib, 0x1u, "DUMP_DH_COMPRESSED_ZLIB", "zlib")]
    [InlineData(RewriteCodec.Uncompressed, 0x0u, "0x0 (none)", "uncompressed")]
    [InlineData(RewriteCodec.Mixed, 0x0u, "0x0 (none)", "zlib")]
    public void EveryPageReadsAsTheOriginal(RewriteCodec codec, uint flag, string status, string storageName)
    {
        var (path, written) = files.Get(codec);
        using var original = DumpOpener.Open(files.Source);
        using var dump = DumpOpener.Open(path);
        Assert.IsType<KdumpDump>(dump);
        Assert.Contains(status, dump.Describe().Single(kv => kv.Key == "status").Value);
        Assert.Equal(original.VmcoreInfo, dump.VmcoreInfo);
        Assert.Equal(original.Notes.Prstatus.Count, dump.Notes.Prstatus.Count);

        var storage = dump.Describe().Single(kv => kv.Key == "page storage").Value;
        long Count(string name) => long.Parse(Regex.Match(storage, name + @" (\d+)").Groups[1].Value);
        long named = Count(storageName), zeroShared = Count("zero-shared");
        Assert.True(named > 1000, storage);
        Assert.Equal(written.Descriptors, new[] { "zlib", "lzo", "snappy", "zstd", "uncompressed", "zero-shared" }.Sum(Count));
        if (flag != 0) // the shared zero page is compressed too here, and counted apart
            Assert.InRange(written.ByFlag[flag], named, named + zeroShared);

        var a = new byte[4096];
        var b = new byte[4096];
        long pages = 0;
        for (ulong pfn = 0; pfn < original.MaxPfn; pfn++)
        {
            var st = original.GetPageStatus(pfn);
            Assert.Equal(st, dump.GetPageStatus(pfn));
            if (st != PageStatus.Present)
                continue;
            Assert.Null(original.TryReadPage(pfn, a));
            var fault = dump.TryReadPage(pfn, b);
            Assert.True(fault == null, fault?.Message);
            Assert.True(a.AsSpan().SequenceEqual(b), $"pfn {pfn:x} differs after rewriting with {codec}");
            pages++;
        }
        Assert.Equal(written.Descriptors, pages);
    }

    [Fact]
    public void MixedDumpUsesEveryCodec()
    {
        var (_, written) = files.Get(RewriteCodec.Mixed);
        foreach (uint flag in new uint[] { 0x1, 0x2, 0x4, 0x20, 0x0 })
            Assert.True(written.ByFlag.GetValueOrDefault(flag) > 500, $"flag 0x{flag:x}: {written.ByFlag.GetValueOrDefault(flag)} pages");
    }

    [Theory]
    [InlineData(RewriteCodec.Snappy, 0x4u, "snappy")]
    [InlineData(RewriteCodec.Zstd, 0x20u, "zstd")]
    public void CorruptPageOfARewrittenDumpFaultsThatPageOnly(RewriteCodec codec, uint flag, string name)
    {
        var image = KdumpImage.FromFile(files.Get(codec).Path);
        int i = image.FirstUnsharedWithFlags(flag, skip: 10);
        var d = image.Desc(i);
        var s = image.Copy();
        for (long k = d.Offset; k < d.Offset + d.Size; k += 5)
            s.Data[k] ^= 0x3c;
        using var dump = KdumpDump.Open(s);
        var page = new byte[4096];
        var fault = dump.TryReadPage(image.DumpedPfns[i], page);
        Assert.Equal(MemoryFaultKind.Corrupt, fault!.Kind);
        Assert.StartsWith($"{name} page at file offset 0x{d.Offset:x} ({d.Size} bytes): ", fault.Detail);
        Assert.Null(dump.TryReadPage(image.DumpedPfns[i - 1], page));
        Assert.Null(dump.TryReadPage(image.DumpedPfns[i + 1], page));
    }
}
