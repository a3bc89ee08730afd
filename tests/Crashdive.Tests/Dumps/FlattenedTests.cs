using System.Text;
using Crashdive.Dumps;
using Crashdive.Dumps.Sources;
using Crashdive.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Crashdive.Tests.Dumps;

/// <summary>
/// makedumpfile's flattened format (-F) read in place: the real streams of a crash against the files
/// makedumpfile -R made of them, and synthetic streams for overlaps, holes and malformed records.
/// </summary>
public sealed class FlattenedTests
{
    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static string ReadAll(IFileSource s)
    {
        var b = new byte[s.Length];
        Assert.Equal(b.Length, s.ReadAt(0, b));
        return Encoding.ASCII.GetString(b);
    }

    private static void AssertSameBytes(IFileSource expected, IFileSource actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var a = new byte[1 << 20];
        var b = new byte[1 << 20];
        for (long off = 0; off < expected.Length; off += a.Length)
        {
            int n = expected.ReadAt(off, a);
            Assert.Equal(n, actual.ReadAt(off, b));
            Assert.True(a.AsSpan(0, n).SequenceEqual(b.AsSpan(0, n)), $"logical bytes differ in the MiB at 0x{off:x}");
        }
    }

    [Fact]
    public void FlatZlibReadsAsTheRearrangedKdump()
    {
        using var flatDump = DumpOpener.Open(Fixtures.Path("kdump/vmcore.flat-zlib"));
        using var plainDump = DumpOpener.Open(Fixtures.Path("kdump/vmcore.kdump-zlib"));
        Assert.True(flatDump.IsFlattened);
        var flat = Assert.IsType<FlattenedFileSource>(flatDump.Source);
        Assert.True(flat.IsComplete);
        // every logical byte: headers, notes, bitmaps, descriptors, page data, and the holes between
        AssertSameBytes(plainDump.Source, flat);
        // and every page through both readers
        var a = new byte[4096];
        var b = new byte[4096];
        long present = 0;
        for (ulong pfn = 0; pfn < plainDump.MaxPfn; pfn++)
        {
            Assert.Equal(plainDump.GetPageStatus(pfn), flatDump.GetPageStatus(pfn));
            if (plainDump.GetPageStatus(pfn) != PageStatus.Present)
                continue;
            present++;
            Assert.Null(plainDump.TryReadPage(pfn, a));
            Assert.Null(flatDump.TryReadPage(pfn, b));
            Assert.True(a.AsSpan().SequenceEqual(b));
        }
        Assert.True(present > 10000);
        Assert.Equal(plainDump.VmcoreInfo, flatDump.VmcoreInfo);
    }

    [Fact]
    public void FlatElfReadsAsTheRearrangedElf()
    {
        using var plain = FileSource.Open(Fixtures.Path("kdump/vmcore.elf"));
        using var flat = FlattenedFileSource.Open(FileSource.Open(Fixtures.Path("kdump/vmcore.flat-elf")));
        Assert.True(flat.IsComplete);
        // makedumpfile -E writes the ELF and program headers first with estimated sizes and again at
        // the end: the later record must win, or the program headers would differ
        Assert.True(flat.SegmentCount < flat.RecordCount, $"{flat.SegmentCount} segments from {flat.RecordCount} records");
        AssertSameBytes(plain, flat);
    }

    [Fact]
    public void LaterRecordsWinAndHolesReadAsZeros()
    {
        var s = new FlatStream()
            .Record(0, Ascii("AAAAAAAA"))
            .Record(12, Ascii("DDDD"))
            .Record(4, Ascii("BBBB"))
            .Record(2, Ascii("CC"))
            .Record(6, Ascii("EEEEEEE"))
            .End();
        using var flat = FlattenedFileSource.Open(s.Source());
        Assert.Equal(16, flat.Length);
        Assert.Equal("AACCBBEEEEEEEDDD", ReadAll(flat));
        Assert.Equal(5, flat.RecordCount);
        Assert.True(flat.IsComplete);
        Assert.EndsWith("end marker present", flat.Summary);

        using var holes = FlattenedFileSource.Open(new FlatStream().Record(10, Ascii("XY")).Record(2, Ascii("ab")).End().Source());
        Assert.Equal("\0\0ab\0\0\0\0\0\0XY", ReadAll(holes));
        var buf = new byte[10];
        Assert.Equal(3, holes.ReadAt(9, buf));
        Assert.Equal(0, holes.ReadAt(12, buf));
        Assert.Equal(0, holes.ReadAt(-1, buf));
    }

    /// <summary>Any sequence of records reads as the file makedumpfile -R would write from them.</summary>
    [Fact]
    public void AnyRecordSequenceReadsAsItsRearrangement()
    {
        var record = Gen.Choose(0, 300).SelectMany(off => Gen.Choose(1, 60).Select(len => (off, len)));
        var prop = Prop.ForAll(Gen.NonEmptyListOf(record).ToArbitrary(), records =>
        {
            var stream = new FlatStream();
            var model = new byte[400];
            int length = 0;
            byte tag = 1;
            foreach (var (off, len) in records)
            {
                var data = Enumerable.Range(0, len).Select(k => (byte)(tag * 31 + k)).ToArray();
                tag++;
                stream.Record(off, data);
                data.CopyTo(model, off);
                length = Math.Max(length, off + len);
            }
            using var flat = FlattenedFileSource.Open(stream.End().Source());
            Assert.Equal(length, flat.Length);
            for (int start = 0; start < length; start += 7)
            {
                var got = new byte[Math.Min(50, length - start + 5)];
                int n = flat.ReadAt(start, got);
                Assert.Equal(Math.Min(got.Length, length - start), n);
                Assert.True(got.AsSpan(0, n).SequenceEqual(model.AsSpan(start, n)), $"bytes at {start}");
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), prop);
    }

    [Fact]
    public void MissingEndMarkerIsAcceptedAsTruncated()
    {
        var bytes = new FlatStream().Record(0, Ascii("KDUMP   xyz")).Record(20, Ascii("tail")).ToArray();
        using var flat = FlattenedFileSource.Open(new MemorySource(bytes, "test.flat"));
        Assert.False(flat.IsComplete);
        Assert.Equal(24, flat.Length);
        Assert.Equal($"2 records, 2 segments, logical length 24 bytes; no end marker: the stream is truncated at 0x{bytes.Length:x}, read as far as it goes", flat.Summary);

        // a cut inside the next record header is the same situation
        var cut = new FlatStream().Record(0, Ascii("abc")).Raw(new byte[9]).ToArray();
        using var flat2 = FlattenedFileSource.Open(new MemorySource(cut, "test.flat"));
        Assert.False(flat2.IsComplete);
        Assert.Equal("abc", ReadAll(flat2));
    }

    [Fact]
    public void MalformedStreamsAreRefusedWithOneLine()
    {
        static string Refusal(FlatStream s) => Assert.Throws<DumpFormatException>(() => FlattenedFileSource.Open(s.Source())).Message;

        Assert.Equal("test.flat: offset 0x1008: record at logical offset 0x0 has absurd size 1125899906842624 (more than 1099511627776)",
            Refusal(new FlatStream().Record(0, 1L << 50, Ascii("abc")).End()));
        Assert.Equal("test.flat: offset 0x1019: record of 1000 bytes at logical offset 0x40 runs past the end of the file (32 bytes left)",
            Refusal(new FlatStream().Record(0, Ascii("x")).Record(0x40, 1000, Ascii("only a few bytes")).End()));
        Assert.Equal("test.flat: offset 0x1000: record has negative offset -5",
            Refusal(new FlatStream().Record(-5, Ascii("abc")).End()));
        Assert.Equal("test.flat: offset 0x1008: record at logical offset 0x10 has negative size -2",
            Refusal(new FlatStream().Record(16, -2, []).End()));
        Assert.Equal("test.flat: offset 0x1000: record at logical offset 0xfffffffffffffc is absurd (beyond 0x100000000000000)",
            Refusal(new FlatStream().Record(0xfffffffffffffc, Ascii("abcdefgh")).End()));
        Assert.Equal("test.flat: offset 0x101b: end marker has buf_size 0, expected -1",
            Refusal(new FlatStream().Record(0, Ascii("abc")).End(0)));
        Assert.Equal("test.flat: offset 0x10: flattened header type 2 is not 1 (TYPE_FLAT_HEADER)",
            Refusal(new FlatStream(type: 2).Record(0, Ascii("abc")).End()));
        Assert.Equal("test.flat: offset 0x18: flattened header version 7 is not 1 (VERSION_FLAT_HEADER)",
            Refusal(new FlatStream(version: 7).Record(0, Ascii("abc")).End()));
        Assert.Equal("test.flat: offset 0x1000: flattened stream holds no data records",
            Refusal(new FlatStream().End()));
        Assert.Equal("test.flat: offset 0x1000: flattened stream holds no data records and has no end marker",
            Refusal(new FlatStream()));

        var shortHeader = new FlatStream().ToArray().AsSpan(0, 100).ToArray();
        Assert.Equal("test.flat: offset 0x64: file is truncated: the flattened header needs 4096 bytes, the file ends after 100",
            Assert.Throws<DumpFormatException>(() => FlattenedFileSource.Open(new MemorySource(shortHeader, "test.flat"))).Message);
    }

    [Fact]
    public void DumpOpenerLooksInsideTheStream()
    {
        var s = new FlatStream().Record(0, Ascii("not a dump at all")).End();
        Assert.Equal("test.flat: offset 0x0: not a dump: unknown signature 6e6f742061206475 (expected ELF core, KDUMP or makedumpfile flattened)",
            Assert.Throws<DumpFormatException>(() => DumpOpener.Open(s.Source())).Message);
    }

    [Fact]
    public void QemuKdumpStreamIsIndexed()
    {
        using var dump = DumpOpener.Open(Fixtures.Path("qemu/vmcore.kdump-zlib"));
        var flat = Assert.IsType<FlattenedFileSource>(dump.Source);
        Assert.True(flat.IsComplete);
        Assert.True(flat.RecordCount > 100);
        // the last byte of the logical file is the end of some page's data
        var b = new byte[1];
        Assert.Equal(1, flat.ReadAt(flat.Length - 1, b));
        Assert.Equal(0, flat.ReadAt(flat.Length, b));
    }
}
