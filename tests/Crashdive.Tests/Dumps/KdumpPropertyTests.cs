using System.Buffers.Binary;
using Crashdive.Dumps;
using Crashdive.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Crashdive.Tests.Dumps;

/// <summary>
/// Random damage to the first part of real kdump-compressed dumps (headers, notes, bitmaps,
/// descriptors, the first pages), checked by <see cref="DamageProperty"/>.
/// </summary>
public sealed class KdumpPropertyTests
{
    private const int Runs = 120;

    // The kdump files are cut 256 KiB past their descriptor tables; the flattened one at the last record
    // boundary before 1 MiB, so that the cut stream is a truncated one rather than a refused one.
    private static byte[] Prefix(string fixture)
    {
        if (fixture.Contains("flat"))
        {
            var all = File.ReadAllBytes(Fixtures.Path(fixture));
            long pos = 4096, keep = pos;
            while (pos + 16 <= all.Length && pos < 1 << 20)
            {
                long size = BinaryPrimitives.ReadInt64BigEndian(all.AsSpan((int)pos + 8));
                if (size < 0)
                    break;
                keep = pos;
                pos += 16 + size;
            }
            return all[..(int)keep];
        }
        var image = KdumpImage.Load(fixture);
        return image.Bytes[..(int)Math.Min(image.Bytes.Length, image.DescTableEnd + (256 << 10))];
    }

    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("kdump/vmcore.kdump-lzo")]
    [InlineData("kdump/vmcore.flat-zlib")]
    public async Task DamagedHeadersAreRefusedOrReadSafely(string fixture)
    {
        var original = Prefix(fixture);
        int headerArea = 3 * 4096 + 4096; // disk_dump_header block, sub-header and notes (and a flattened header)
        var position = Gen.Frequency(
            (1, Gen.Choose(0, 12)),              // signature, header_version
            (2, Gen.Choose(424, 463)),           // status, block_size, sub_hdr_size, bitmap_blocks, max_mapnr, ...
            (1, Gen.Choose(4096, 4096 + 104)),   // kdump_sub_header (or the first flattened records)
            (2, Gen.Choose(0, headerArea)),
            (3, Gen.Choose(0, original.Length - 1)));
        await DamageProperty.CheckAsync(original, position, Runs);
    }
}
