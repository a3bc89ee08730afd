using System.IO.Compression;
using Crashdive.Dumps.Codecs;
using Crashdive.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Crashdive.Tests.Dumps;

/// <summary>zlib, snappy, zstd and stored pages through <see cref="PageDecompressor"/>: real pages round-trip, damage is an error text.</summary>
public sealed class CodecTests : IDisposable
{
    private readonly PageDecompressor _codec = new();

    public void Dispose() => _codec.Dispose();

    private static byte[] Zlib(ReadOnlySpan<byte> page)
    {
        var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            z.Write(page);
        return ms.ToArray();
    }

    private static byte[] Compress(PageCompression kind, byte[] page) => kind switch
    {
        PageCompression.Zlib => Zlib(page),
        PageCompression.Lzo => LibLzo.Compress(page),
        PageCompression.Snappy => IronSnappy.Snappy.Encode(page),
        PageCompression.Zstd => ZstdCompressor.Compress(page),
        _ => page,
    };

    private (DecodeStatus Status, string? Error) Decode(PageCompression kind, byte[] src, int size = 4096)
    {
        var dst = new byte[size];
        var status = _codec.Decompress(kind, src, dst, out string? error);
        return (status, error);
    }

    [Theory]
    [InlineData(PageCompression.None)]
    [InlineData(PageCompression.Zlib)]
    [InlineData(PageCompression.Lzo)]
    [InlineData(PageCompression.Snappy)]
    [InlineData(PageCompression.Zstd)]
    public void RealPagesRoundTrip(PageCompression kind)
    {
        var dst = new byte[4096];
        int shrunk = 0;
        foreach (var page in RealPages.Sample(200))
        {
            var src = Compress(kind, page);
            shrunk += src.Length < page.Length ? 1 : 0;
            Array.Clear(dst);
            Assert.Equal(DecodeStatus.Ok, _codec.Decompress(kind, src, dst, out string? error));
            Assert.Null(error);
            Assert.Equal(page, dst);
        }
        Assert.True(kind == PageCompression.None || shrunk > 100);
    }

    [Fact]
    public void ZlibDamageIsAnError()
    {
        var page = RealPages.Sample(1)[0];
        var z = Zlib(page);
        z[^1] ^= 0xff; // Adler-32
        Assert.Equal(DecodeStatus.Corrupt, Decode(PageCompression.Zlib, z).Status);
        Assert.Equal((DecodeStatus.Corrupt, "inflates to 100 bytes, expected 4096"), Decode(PageCompression.Zlib, Zlib(new byte[100])));
        Assert.Equal((DecodeStatus.Corrupt, "inflates to more than 4096 bytes"), Decode(PageCompression.Zlib, Zlib(new byte[5000])));
        // FDICT set: zlib asks for a preset dictionary (Z_NEED_DICT), which .NET reports as an IOException
        Assert.Equal(DecodeStatus.Corrupt, Decode(PageCompression.Zlib, [0x78, 0xbb, 0, 0, 0, 1, 1, 2, 3]).Status);
        var (status, error) = Decode(PageCompression.Zlib, [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Equal(DecodeStatus.Corrupt, status);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void SnappyLengthIsCheckedBeforeDecoding()
    {
        // a block claiming 4 GiB must not make the decoder allocate 4 GiB
        Assert.Equal((DecodeStatus.Corrupt, "block claims 4294967295 uncompressed bytes, expected 4096"),
            Decode(PageCompression.Snappy, [0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0]));
        Assert.Equal((DecodeStatus.Corrupt, "truncated or overlong length header"), Decode(PageCompression.Snappy, [0x80, 0x80]));
        Assert.Equal((DecodeStatus.Corrupt, "block claims 100 uncompressed bytes, expected 4096"),
            Decode(PageCompression.Snappy, IronSnappy.Snappy.Encode(new byte[100])));
        var s = IronSnappy.Snappy.Encode(RealPages.Sample(1)[0]);
        Assert.Equal(DecodeStatus.Corrupt, Decode(PageCompression.Snappy, s[..^10]).Status);
    }

    [Fact]
    public void ZstdDamageIsAnError()
    {
        var (status, error) = Decode(PageCompression.Zstd, [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Equal(DecodeStatus.Corrupt, status);
        Assert.False(string.IsNullOrEmpty(error)); // libzstd's ZSTD_getErrorName text
        Assert.Equal((DecodeStatus.Corrupt, "Destination buffer is too small"), Decode(PageCompression.Zstd, ZstdCompressor.Compress(new byte[5000])));
        Assert.Equal((DecodeStatus.Corrupt, "decodes to 100 bytes, expected 4096"), Decode(PageCompression.Zstd, ZstdCompressor.Compress(new byte[100])));
    }

    [Fact]
    public void StoredPageMustBeWhole()
    {
        Assert.Equal((DecodeStatus.Corrupt, "stored page of 4000 bytes, expected 4096"), Decode(PageCompression.None, new byte[4000]));
        Assert.Equal((DecodeStatus.Corrupt, "decodes to 3 bytes, expected 4096"), Decode(PageCompression.Lzo, [17 + 3, 1, 2, 3, 0x11, 0, 0]));
    }

    /// <summary>Damaged pages of every codec: Ok or Corrupt, never an exception, never a byte written outside the page.</summary>
    [Fact]
    public void DamagedPagesNeverThrow()
    {
        var kinds = new[] { PageCompression.Zlib, PageCompression.Lzo, PageCompression.Snappy, PageCompression.Zstd };
        var pages = RealPages.Sample(40);
        var compressed = kinds.Select(k => pages.Select(p => Compress(k, p)).ToArray()).ToArray();
        var gen =
            from k in Gen.Choose(0, kinds.Length - 1)
            from i in Gen.Choose(0, pages.Count - 1)
            from cut in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 200)))
            from flips in Gen.ListOf(Gen.Zip(Gen.Choose(0, 1 << 20), Gen.Choose(0, 255)), 8)
            select (k, i, cut, flips);
        int corrupt = 0;
        var prop = Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var src = compressed[c.k][c.i].ToArray();
            foreach (var (pos, value) in c.flips)
                src[pos % src.Length] = (byte)value;
            src = src[..Math.Max(0, src.Length - c.cut)];
            var guarded = new byte[4096 + 64];
            Array.Fill(guarded, (byte)0x5a);
            var status = _codec.Decompress(kinds[c.k], src, guarded.AsSpan(32, 4096), out string? error);
            Assert.True(status is DecodeStatus.Ok or DecodeStatus.Corrupt);
            Assert.Equal(status == DecodeStatus.Ok, error == null);
            corrupt += status == DecodeStatus.Corrupt ? 1 : 0;
            Assert.True(guarded.AsSpan(0, 32).IndexOfAnyExcept((byte)0x5a) < 0 && guarded.AsSpan(4128).IndexOfAnyExcept((byte)0x5a) < 0,
                "nothing written outside the page");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), prop);
        Assert.True(corrupt > 1000, $"only {corrupt} damaged pages were refused");
    }
}
