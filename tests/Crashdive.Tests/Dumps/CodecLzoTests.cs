using System.Text;
using Crashdive.Dumps.Codecs;
using Crashdive.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Crashdive.Tests.Dumps;

/// <summary>
/// The hand-written LZO1X decoder: hand-assembled streams for each instruction form and each error,
/// then liblzo2 (makedumpfile's library) as the reference on real kernel pages, intact and damaged.
/// </summary>
public sealed class CodecLzoTests
{
    private static byte[] B(params object[] parts)
    {
        var list = new List<byte>();
        foreach (var p in parts)
        {
            switch (p)
            {
                case int i: list.Add((byte)i); break;
                case string s: list.AddRange(Encoding.ASCII.GetBytes(s)); break;
                case byte[] a: list.AddRange(a); break;
                default: throw new ArgumentException(p.GetType().Name);
            }
        }
        return list.ToArray();
    }

    private static readonly byte[] Eof = [0x11, 0, 0];

    private static byte[] Literals(int n) => Enumerable.Range(0, n).Select(i => (byte)(i * 7 + i / 251)).ToArray();

    // a literal run of n >= 19 bytes from the initial state: 0, zero bytes, remainder, then the bytes
    private static byte[] LongRun(int n)
    {
        int t = n - 3 - 15;
        return B(0, new byte[t / 255], t % 255, Literals(n));
    }

    public static TheoryData<string, byte[], string> Good => new()
    {
        { "literal run in the first byte", B(17 + 4, "abcd", Eof), "abcd" },
        { "2-byte match after one literal", B(17 + 1, "x", 0x00, 0x00, Eof), "xxx" },
        { "M2 match", B(17 + 4, "abcd", 0x6c, 0x00, Eof), "abcdabcd" },
        { "M3 overlapping match", B(17 + 2, "ab", 0x24, 0x04, 0x00, Eof), "abababab" },
        { "M3 match with a trailing literal", B(17 + 2, "ab", 0x24, 0x05, 0x00, "z", Eof), "ababababz" },
        { "end marker of another length (liblzo2 accepts it)", B(17 + 4, "abcd", 0x12, 0, 0), "abcd" },
    };

    [Theory]
    [MemberData(nameof(Good))]
    public void DecodesEachInstructionForm(string name, byte[] stream, string expected)
    {
        var dst = new byte[expected.Length];
        Assert.True(Lzo1x.Decompress(stream, dst, out int written) == null, name);
        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, Encoding.ASCII.GetString(dst));
        Assert.Equal(0, LibLzo.Decompress(stream, new byte[expected.Length], out int theirs));
        Assert.Equal(expected.Length, theirs);
    }

    [Fact]
    public void DecodesLongRunsAndFarMatches()
    {
        // extended literal length (zero bytes add 255 each)
        var run = LongRun(278);
        var dst = new byte[278];
        Assert.Null(Lzo1x.Decompress(B(run, Eof), dst, out _));
        Assert.Equal(Literals(278), dst);

        // 3-byte match right after a literal run reaches 2049 bytes back (past the M2 range)
        dst = new byte[2103];
        Assert.Null(Lzo1x.Decompress(B(LongRun(2100), 0x00, 0x00, Eof), dst, out _));
        Assert.Equal(Literals(2100)[51..54], dst[2100..]);

        // M4 match more than 16 KiB back
        dst = new byte[16403];
        Assert.Null(Lzo1x.Decompress(B(LongRun(16400), 0x11, 0x04, 0x00, Eof), dst, out _));
        Assert.Equal(Literals(16400)[15..18], dst[16400..]);
    }

    public static TheoryData<string, byte[], int, string> Bad => new()
    {
        { "match before the start", B(17 + 2, "ab", 0x24, 0xfc, 0x00, Eof), 16, "lookbehind overrun at input byte 6: distance 64 before output byte 2" },
        { "output too small", B(17 + 4, "abcd", Eof), 3, "output overrun at input byte 1 (output full at 0 bytes)" },
        { "literals past the input", B(17 + 4, "ab"), 16, "input overrun at byte 1" },
        { "no end marker", B(17 + 4, "abcd"), 16, "input ends at byte 5 without an end-of-stream marker" },
        { "bytes after the end", B(17 + 4, "abcd", Eof, 0x99), 16, "1 bytes of input after the end-of-stream marker" },
        { "too short", B(0x11, 0), 16, "input of 2 bytes is too short" },
        { "runaway length", B(0, new byte[100], 5), 4096, "bad literal length at input byte 19" },
        { "length byte missing", B(0, 0, 0), 4096, "bad literal length at input byte 3" },
        { "M3 distance cut off", B(17 + 2, "ab", 0x24, 0x04), 16, "input overrun at byte 4" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void RefusesDamagedStreams(string name, byte[] stream, int outputSize, string error)
    {
        var dst = new byte[outputSize];
        Assert.True(Lzo1x.Decompress(stream, dst, out int written) == error, $"{name}: {Lzo1x.Decompress(stream, dst, out _)}");
        Assert.InRange(written, 0, outputSize);
        Assert.NotEqual(0, LibLzo.Decompress(stream, new byte[outputSize], out _)); // liblzo2 refuses it too
    }

    [Fact]
    public void DecodesWhatLibLzoWritesForRealPages()
    {
        var out1 = new byte[4096];
        var out999 = new byte[4096];
        foreach (var page in RealPages.Sample(300))
        {
            Assert.Null(Lzo1x.Decompress(LibLzo.Compress(page), out1, out int n1));
            Assert.Null(Lzo1x.Decompress(LibLzo.Compress(page, best: true), out999, out int n2));
            Assert.Equal(4096, n1);
            Assert.Equal(4096, n2);
            Assert.Equal(page, out1);
            Assert.Equal(page, out999);
        }
    }

    /// <summary>Damaged LZO pages: ours succeeds exactly when liblzo2's checked decoder does, with the same bytes.</summary>
    [Fact]
    public void DamagedPagesAgreeWithLibLzo()
    {
        var pages = RealPages.Sample(60).Select(p => (LibLzo.Compress(p), LibLzo.Compress(p, best: true))).ToArray();
        var gen =
            from index in Gen.Choose(0, pages.Length - 1)
            from best in Gen.Elements(false, true)
            from cut in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 64)))
            from flips in Gen.ListOf(Gen.Zip(Gen.Choose(0, 1 << 20), Gen.Choose(0, 255)), 6)
            select (index, best, cut, flips);
        var prop = Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var src = (c.best ? pages[c.index].Item2 : pages[c.index].Item1).ToArray();
            foreach (var (pos, value) in c.flips)
                src[pos % src.Length] = (byte)value;
            if (c.cut > 0)
                src = src[..Math.Max(0, src.Length - c.cut)];
            var guarded = new byte[4096 + 64];
            Array.Fill(guarded, (byte)0xa5);
            string? error = Lzo1x.Decompress(src, guarded.AsSpan(32, 4096), out int written);
            bool ours = error == null && written == 4096;
            var reference = new byte[4096];
            bool theirs = LibLzo.Decompress(src, reference, out int theirWritten) == 0 && theirWritten == 4096;
            Assert.Equal(theirs, ours);
            if (ours)
                Assert.True(guarded.AsSpan(32, 4096).SequenceEqual(reference));
            Assert.True(guarded.AsSpan(0, 32).IndexOfAnyExcept((byte)0xa5) < 0 && guarded.AsSpan(4128).IndexOfAnyExcept((byte)0xa5) < 0,
                "nothing written outside the page");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), prop);
    }

    /// <summary>Short random streams explore every instruction form: ours and liblzo2 agree on each.</summary>
    [Fact]
    public void RandomStreamsAgreeWithLibLzo()
    {
        var gen =
            from length in Gen.Choose(0, 30)
            from bytes in Gen.ArrayOf(Gen.Frequency((4, Gen.Choose(0, 255)), (1, Gen.Elements(0, 1, 4, 0x11, 17 + 3, 0x24, 0x40))), length)
            from ended in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
            from size in Gen.Choose(0, 96)
            select (bytes.Select(b => (byte)b).Concat(ended ? Eof : []).ToArray(), size);
        int successes = 0;
        var prop = Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (src, size) = c;
            var ours = new byte[size];
            bool ok = Lzo1x.Decompress(src, ours, out int written) == null;
            var theirs = new byte[size];
            bool theirOk = LibLzo.Decompress(src, theirs, out int theirWritten) == 0;
            Assert.True(ok == theirOk, $"ours {Lzo1x.Decompress(src, ours, out _) ?? "ok"}, liblzo2 {(theirOk ? "ok" : "error")}: {Convert.ToHexString(src)}");
            if (ok)
            {
                successes++;
                Assert.Equal(theirWritten, written);
                Assert.True(ours.AsSpan(0, written).SequenceEqual(theirs.AsSpan(0, written)));
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(20000), prop);
        Assert.True(successes > 200, $"only {successes} of the random streams decoded: the property explores too little");
    }
}
