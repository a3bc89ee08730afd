using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using Crashdive.Dumps;

namespace Crashdive.Tests.Support;

/// <summary>What codec a rewritten dump stores its pages with.</summary>
public enum RewriteCodec
{
    Uncompressed,
    Zlib,
    Lzo,
    Snappy,
    Zstd,
    /// <summary>Page i uses zlib, lzo, snappy, zstd, uncompressed in turn: flags are per page, not per file.</summary>
    Mixed,
}

/// <summary>
/// Rewrites a real kdump-compressed dump with every page recompressed in another codec, keeping the
/// header, sub-header, notes and bitmaps byte for byte (only the status codec bit changes), so that
/// codecs Debian's makedumpfile cannot write (snappy, zstd) and mixtures no tool writes are tested on real kernel pages. Like
/// makedumpfile, a page that does not shrink is stored uncompressed, and descriptors that shared data
/// (the zero page) still share it. The layout is parsed here independently of the reader under test;
/// page contents come from the reader, whose zlib and lzo pages other tests check against the ELF dump.
/// </summary>
public static class KdumpWriter
{
    private const int HeaderStatusOffset = 424;
    private const uint CodecBits = 0x1 | 0x2 | 0x4 | 0x20;

    /// <summary>Counts of how the rewritten pages are stored, by page-descriptor flag (0 = uncompressed).</summary>
    public sealed record Result(long Descriptors, long DataBlocks, IReadOnlyDictionary<uint, long> ByFlag);

    /// <summary>Writes <paramref name="output"/> from the kdump file <paramref name="input"/>.</summary>
    public static Result Rewrite(string input, string output, RewriteCodec codec)
    {
        using var dump = DumpOpener.Open(input);
        var src = dump.Source;
        var head = ReadBytes(src, 0, 464);
        int bs = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(428));
        int subBlocks = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(432));
        uint bitmapBlocks = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(436));
        long bitmapOffset = (1L + subBlocks) * bs;
        long bitmapBytes = (long)bitmapBlocks * bs;
        long descOffset = bitmapOffset + bitmapBytes;
        var dumpedBitmap = ReadBytes(src, bitmapOffset + bitmapBytes / 2, (int)(bitmapBytes / 2));
        var pfns = new List<ulong>();
        for (int i = 0; i < dumpedBitmap.Length; i++)
            for (int b = 0; b < 8; b++)
                if ((dumpedBitmap[i] & (1 << b)) != 0)
                    pfns.Add((ulong)i * 8 + (ulong)b);
        long dataOffset = descOffset + 24L * pfns.Count;

        var prefix = ReadBytes(src, 0, checked((int)descOffset));
        uint status = BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(HeaderStatusOffset)) & ~CodecBits;
        status |= codec switch { RewriteCodec.Zlib => 0x1u, RewriteCodec.Lzo => 0x2u, RewriteCodec.Snappy => 0x4u, RewriteCodec.Zstd => 0x20u, _ => 0u };
        BinaryPrimitives.WriteUInt32LittleEndian(prefix.AsSpan(HeaderStatusOffset), status);

        var descs = new byte[24 * pfns.Count];
        var shared = new Dictionary<long, int>(); // source data offset -> first descriptor using it
        var byFlag = new Dictionary<uint, long>();
        var page = new byte[bs];
        var srcDesc = new byte[24];
        long cursor = dataOffset, blocks = 0;
        using (var outFile = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            outFile.Write(prefix);
            outFile.Position = dataOffset;
            for (int i = 0; i < pfns.Count; i++)
            {
                src.ReadAt(descOffset + 24L * i, srcDesc);
                long srcData = BinaryPrimitives.ReadInt64LittleEndian(srcDesc);
                if (shared.TryGetValue(srcData, out int first))
                {
                    descs.AsSpan(24 * first, 24).CopyTo(descs.AsSpan(24 * i));
                }
                else
                {
                    var fault = dump.TryReadPage(pfns[i], page);
                    if (fault != null)
                        throw new InvalidOperationException($"source page {pfns[i]:x} unreadable: {fault.Message}");
                    var pick = codec != RewriteCodec.Mixed ? codec : (blocks % 5) switch
                    {
                        0 => RewriteCodec.Zlib,
                        1 => RewriteCodec.Lzo,
                        2 => RewriteCodec.Snappy,
                        3 => RewriteCodec.Zstd,
                        _ => RewriteCodec.Uncompressed,
                    };
                    var (flag, data) = Compress(pick, page);
                    outFile.Write(data);
                    var d = descs.AsSpan(24 * i);
                    BinaryPrimitives.WriteInt64LittleEndian(d, cursor);
                    BinaryPrimitives.WriteUInt32LittleEndian(d[8..], (uint)data.Length);
                    BinaryPrimitives.WriteUInt32LittleEndian(d[12..], flag);
                    cursor += data.Length;
                    blocks++;
                    shared[srcData] = i;
                }
                uint f = BinaryPrimitives.ReadUInt32LittleEndian(descs.AsSpan(24 * i + 12));
                byFlag[f] = byFlag.GetValueOrDefault(f) + 1;
            }
            outFile.Position = descOffset;
            outFile.Write(descs);
        }
        return new Result(pfns.Count, blocks, byFlag);
    }

    private static (uint Flag, byte[] Data) Compress(RewriteCodec codec, byte[] page)
    {
        byte[] data;
        uint flag;
        switch (codec)
        {
            case RewriteCodec.Zlib:
                var ms = new MemoryStream();
                using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true))
                    z.Write(page);
                (flag, data) = (0x1, ms.ToArray());
                break;
            case RewriteCodec.Lzo:
                (flag, data) = (0x2, LibLzo.Compress(page));
                break;
            case RewriteCodec.Snappy:
                (flag, data) = (0x4, IronSnappy.Snappy.Encode(page));
                break;
            case RewriteCodec.Zstd:
                (flag, data) = (0x20, ZstdCompressor.Compress(page));
                break;
            default:
                return (0, (byte[])page.Clone());
        }
        // as makedumpfile: a page that does not shrink is stored as it is
        return data.Length < page.Length ? (flag, data) : (0, (byte[])page.Clone());
    }

    private static byte[] ReadBytes(Crashdive.Dumps.Sources.IFileSource src, long offset, int count)
    {
        var b = new byte[count];
        if (src.ReadAt(offset, b) != count)
            throw new InvalidOperationException($"{src.Path}: short read at 0x{offset:x}");
        return b;
    }

    /// <summary>The number of set bits in a bitmap (for tests that count dumped pages independently).</summary>
    public static long PopCount(ReadOnlySpan<byte> bitmap)
    {
        long n = 0;
        foreach (byte b in bitmap)
            n += BitOperations.PopCount(b);
        return n;
    }
}
