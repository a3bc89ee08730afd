using System.Buffers.Binary;

namespace Crashdive.Tests.Support;

/// <summary>
/// The bytes of a real kdump-compressed fixture in memory, with its layout worked out here
/// independently of the reader under test, so that tests can cut and patch copies of it.
/// </summary>
public sealed class KdumpImage
{
    private static readonly Dictionary<string, KdumpImage> Cache = [];

    private KdumpImage(byte[] bytes)
    {
        Bytes = bytes;
        BlockSize = I32(428);
        SubHeaderBlocks = I32(432);
        BitmapBlocks = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(436));
        BitmapOffset = (1L + SubHeaderBlocks) * BlockSize;
        DescOffset = BitmapOffset + (long)BitmapBlocks * BlockSize;
        var dumped = bytes.AsSpan((int)(BitmapOffset + BitmapBlocks * (long)BlockSize / 2), (int)(BitmapBlocks * (long)BlockSize / 2));
        var pfns = new List<ulong>();
        for (int i = 0; i < dumped.Length; i++)
            for (int b = 0; b < 8; b++)
                if ((dumped[i] & (1 << b)) != 0)
                    pfns.Add((ulong)i * 8 + (ulong)b);
        DumpedPfns = pfns;
    }

    /// <summary>The fixture's bytes (do not patch: take a <see cref="Copy"/>).</summary>
    public byte[] Bytes { get; }

    public int BlockSize { get; }
    public int SubHeaderBlocks { get; }
    public uint BitmapBlocks { get; }
    public long BitmapOffset { get; }
    public long DescOffset { get; }

    /// <summary>Page frames with their bit set in the dumped-pages bitmap, in order: descriptor i describes DumpedPfns[i].</summary>
    public IReadOnlyList<ulong> DumpedPfns { get; }

    public long DescTableEnd => DescOffset + 24L * DumpedPfns.Count;

    /// <summary>Loads fixture <paramref name="relative"/> once per test run.</summary>
    public static KdumpImage Load(string relative)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(relative, out var image))
                Cache[relative] = image = new KdumpImage(File.ReadAllBytes(Fixtures.Path(relative)));
            return image;
        }
    }

    /// <summary>Loads a file that is not a fixture (a rewritten dump in a temporary directory).</summary>
    public static KdumpImage FromFile(string path) => new(File.ReadAllBytes(path));

    public int I32(long offset) => BinaryPrimitives.ReadInt32LittleEndian(Bytes.AsSpan((int)offset));
    public long I64(long offset) => BinaryPrimitives.ReadInt64LittleEndian(Bytes.AsSpan((int)offset));

    /// <summary>Descriptor i: (data offset, size, flags).</summary>
    public (long Offset, uint Size, uint Flags) Desc(int i)
    {
        var d = Bytes.AsSpan((int)(DescOffset + 24L * i));
        return (BinaryPrimitives.ReadInt64LittleEndian(d), BinaryPrimitives.ReadUInt32LittleEndian(d[8..]), BinaryPrimitives.ReadUInt32LittleEndian(d[12..]));
    }

    /// <summary>Index of the first descriptor with <paramref name="flags"/> whose data no other descriptor shares.</summary>
    public int FirstUnsharedWithFlags(uint flags, int skip = 0)
    {
        var uses = new Dictionary<long, int>();
        for (int i = 0; i < DumpedPfns.Count; i++)
            uses[Desc(i).Offset] = uses.GetValueOrDefault(Desc(i).Offset) + 1;
        for (int i = 0; i < DumpedPfns.Count; i++)
            if (Desc(i).Flags == flags && uses[Desc(i).Offset] == 1 && skip-- == 0)
                return i;
        throw new InvalidOperationException($"no descriptor with flags 0x{flags:x}");
    }

    /// <summary>A copy of the first <paramref name="length"/> bytes (all by default), as an in-memory source.</summary>
    public MemorySource Copy(long length = -1) =>
        new(Bytes.AsSpan(0, (int)(length < 0 ? Bytes.Length : length)).ToArray());
}
