using System.Text.RegularExpressions;
using Crashdive.Dumps;
using Crashdive.Dumps.Kdump;
using Crashdive.Tests.Support;

namespace Crashdive.Tests.Dumps;

/// <summary>
/// The kdump-compressed dumps of one real crash (makedumpfile -c and -l of the same /proc/vmcore, and
/// QEMU's kdump-zlib of another), checked against the guest's ground truth and against the ELF dump of
/// the same crash read by a separate, minimal PT_LOAD reader.
/// </summary>
public sealed class KdumpFixtureTests
{
    private static string OsRelease(DumpFile dump) =>
        dump.VmcoreInfo!.Split('\n').Single(l => l.StartsWith("OSRELEASE=", StringComparison.Ordinal))["OSRELEASE=".Length..];

    private static string Describe(DumpFile dump, string name) =>
        dump.Describe().Single(kv => kv.Key == name).Value;

    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib", "DUMP_DH_COMPRESSED_ZLIB")]
    [InlineData("kdump/vmcore.kdump-lzo", "DUMP_DH_COMPRESSED_LZO")]
    public void RealKdumpOpensWithGroundTruthReleaseAndCpus(string fixture, string statusFlag)
    {
        var gt = Fixtures.GroundTruth("kdump");
        using var dump = DumpOpener.Open(Fixtures.Path(fixture));
        var kd = Assert.IsType<KdumpDump>(dump);
        Assert.Equal(DumpFormat.Kdump, dump.Format);
        Assert.False(dump.IsFlattened);
        Assert.Equal(4096, dump.PageSize);
        Assert.False(kd.IsIncomplete);

        Assert.Equal(gt.Release, OsRelease(dump));
        Assert.Equal(gt.Release, Describe(dump, "release"));
        Assert.Equal("x86_64", Describe(dump, "machine"));

        int cpus = gt.Cpus;
        Assert.Equal(2, cpus); // the recipe boots -smp 2; the guest's kthreads say the same
        Assert.Equal(cpus, dump.Notes.Prstatus.Count);
        Assert.Equal(cpus.ToString(), Describe(dump, "nr_cpus"));
        Assert.All(dump.Notes.Prstatus, p => Assert.NotEqual(0UL, p.Get("rsp")));

        Assert.Equal("6", Describe(dump, "header_version"));
        Assert.Contains(statusFlag, Describe(dump, "status"));
        Assert.StartsWith("31 ", Describe(dump, "dump_level"));
        Assert.EndsWith(" UTC", Describe(dump, "timestamp"));
        Assert.Equal("no", Describe(dump, "split"));
    }

    [Fact]
    public void PageStorageCountsAddUpToTheDumpedPages()
    {
        using var dump = DumpOpener.Open(Fixtures.Path("kdump/vmcore.kdump-lzo"));
        var m = Regex.Match(Describe(dump, "page storage"),
            @"^zlib (\d+), lzo (\d+), snappy (\d+), zstd (\d+), uncompressed (\d+), zero-shared (\d+)$");
        Assert.True(m.Success, Describe(dump, "page storage"));
        long[] n = m.Groups.Values.Skip(1).Select(g => long.Parse(g.Value)).ToArray();
        Assert.Equal(0, n[0]);
        Assert.True(n[1] > 1000, "an lzo dump of a booted kernel has many lzo pages");
        Assert.True(n[5] > 100, "-d 31 shares one descriptor between all zero pages");
        long present = 0;
        for (ulong pfn = 0; pfn < dump.MaxPfn; pfn++)
            if (dump.GetPageStatus(pfn) == PageStatus.Present)
                present++;
        Assert.Equal(present, n.Sum());
        Assert.StartsWith(present + " ", Describe(dump, "dumped pages"));
    }

    /// <summary>
    /// Every page frame has the same status in the zlib and the lzo dump; every present page is
    /// byte-identical in both and equal to the same physical page of the ELF dump of the same crash.
    /// </summary>
    [Fact]
    public void EveryPresentPageMatchesAcrossZlibLzoAndElf()
    {
        using var zlib = DumpOpener.Open(Fixtures.Path("kdump/vmcore.kdump-zlib"));
        using var lzo = DumpOpener.Open(Fixtures.Path("kdump/vmcore.kdump-lzo"));
        using var elf = new ElfPages(Fixtures.Path("kdump/vmcore.elf"));
        Assert.Equal(zlib.MaxPfn, lzo.MaxPfn);
        var a = new byte[4096];
        var b = new byte[4096];
        var c = new byte[4096];
        long present = 0, excluded = 0;
        for (ulong pfn = 0; pfn < zlib.MaxPfn; pfn++)
        {
            var status = zlib.GetPageStatus(pfn);
            Assert.Equal(status, lzo.GetPageStatus(pfn));
            if (status != PageStatus.Present)
            {
                var fault = zlib.TryReadPage(pfn, a);
                Assert.NotNull(fault);
                Assert.Equal(status == PageStatus.Excluded ? MemoryFaultKind.Excluded : MemoryFaultKind.NotInDump, fault!.Kind);
                excluded += status == PageStatus.Excluded ? 1 : 0;
                continue;
            }
            present++;
            Assert.Null(zlib.TryReadPage(pfn, a));
            Assert.Null(lzo.TryReadPage(pfn, b));
            Assert.True(a.AsSpan().SequenceEqual(b), $"pfn {pfn:x}: zlib and lzo pages differ");
            Assert.True(elf.TryRead(pfn * 4096, c), $"pfn {pfn:x}: not in the ELF dump");
            Assert.True(a.AsSpan().SequenceEqual(c), $"pfn {pfn:x}: kdump and ELF pages differ");
        }
        Assert.True(present > 10000, $"only {present} present pages");
        Assert.True(excluded > 10000, $"only {excluded} excluded pages at -d 31");
    }

    [Fact]
    public void ConcurrentReadersSeeTheSamePages()
    {
        using var dump = DumpOpener.Open(Fixtures.Path("kdump/vmcore.kdump-lzo"));
        var pfns = Enumerable.Range(0, (int)dump.MaxPfn).Select(p => (ulong)p).Where(p => dump.GetPageStatus(p) == PageStatus.Present).ToArray();
        var sequential = pfns.Select(p =>
        {
            var b = new byte[4096];
            Assert.Null(dump.TryReadPage(p, b));
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(b));
        }).ToArray();
        var parallel = new string[pfns.Length];
        Parallel.For(0, pfns.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, () => new byte[4096], (i, _, b) =>
        {
            Assert.Null(dump.TryReadPage(pfns[i], b));
            parallel[i] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(b));
            return b;
        }, _ => { });
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void RangesFollowTheRamBitmap()
    {
        using var dump = DumpOpener.Open(Fixtures.Path("kdump/vmcore.kdump-zlib"));
        var ranges = dump.Ranges;
        Assert.NotEmpty(ranges);
        for (int i = 0; i < ranges.Count; i++)
        {
            var r = ranges[i];
            Assert.True(r.Start < r.End);
            Assert.True(i == 0 || ranges[i - 1].End < r.Start, "ranges are sorted with a gap between them");
            Assert.NotEqual(PageStatus.NotInDump, dump.GetPageStatus(r.Start / 4096));
            Assert.NotEqual(PageStatus.NotInDump, dump.GetPageStatus(r.End / 4096 - 1));
            if (r.Start > 0)
                Assert.Equal(PageStatus.NotInDump, dump.GetPageStatus(r.Start / 4096 - 1));
            Assert.Equal(PageStatus.NotInDump, dump.GetPageStatus(r.End / 4096));
        }
        ulong ramPages = ranges.Aggregate(0UL, (s, r) => s + r.Length / 4096);
        Assert.Equal(Describe(dump, "ram pages"), ramPages.ToString());
    }

    /// <summary>QEMU's dump-guest-memory kdump-zlib: a flattened stream, written by another program.</summary>
    [Fact]
    public void QemuKdumpZlibReadsEveryPresentPage()
    {
        var gt = Fixtures.GroundTruth("qemu");
        using var dump = DumpOpener.Open(Fixtures.Path("qemu/vmcore.kdump-zlib"));
        Assert.IsType<KdumpDump>(dump);
        Assert.True(dump.IsFlattened, "QEMU 7.2 writes kdump-zlib in makedumpfile's flattened format");
        Assert.Equal(gt.Release, OsRelease(dump));
        Assert.Equal(gt.Cpus, dump.Notes.Prstatus.Count);
        Assert.Contains("end marker present", Describe(dump, "flattened"));
        var page = new byte[4096];
        long present = 0, nonZero = 0;
        for (ulong pfn = 0; pfn < dump.MaxPfn; pfn++)
        {
            if (dump.GetPageStatus(pfn) != PageStatus.Present)
                continue;
            present++;
            var fault = dump.TryReadPage(pfn, page);
            Assert.True(fault == null, fault?.Message);
            if (page.AsSpan().IndexOfAnyExcept((byte)0) >= 0)
                nonZero++;
        }
        Assert.True(present > 100000, $"only {present} present pages");
        Assert.True(nonZero > 10000, $"only {nonZero} non-zero pages");
        Assert.StartsWith(present + " ", Describe(dump, "dumped pages"));
    }
}
