using System.Buffers.Binary;
using Crashdive.Dumps;
using Crashdive.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Crashdive.Tests.Dumps;

/// <summary>
/// Random damage to the first part of real dumps (headers, notes, bitmaps, descriptors, the first
/// pages): the file is refused with a <see cref="DumpFormatException"/>, or it opens and every page
/// read returns data or a <see cref="MemoryFaultException"/>. Nothing else escapes, nothing hangs.
/// </summary>
public sealed class KdumpPropertyTests
{
    private const int Runs = 120;
    private static readonly TimeSpan Watchdog = TimeSpan.FromMinutes(10); // bounds a hang, measures nothing

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
        var mutation = Gen.Zip(position, Gen.Frequency((3, Gen.Choose(0, 255)), (1, Gen.Elements(0, 0xff, 0x7f, 0x80))));
        var gen = Gen.NonEmptyListOf(mutation).Select(l => l.Take(8).ToList());
        int opened = 0, refused = 0;
        long pagesRead = 0, faults = 0;

        var prop = Prop.ForAll(gen.ToArbitrary(), mutations =>
        {
            var bytes = original.ToArray();
            foreach (var (pos, value) in mutations)
                bytes[pos] = (byte)value;
            DumpFile dump;
            try
            {
                dump = DumpOpener.Open(new MemorySource(bytes));
            }
            catch (DumpFormatException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                refused++;
                return;
            }
            using (dump)
            {
                opened++;
                _ = dump.Describe();
                _ = dump.Ranges;
                var page = new byte[dump.PageSize];
                ulong max = Math.Min(dump.MaxPfn, 1UL << 22);
                for (ulong pfn = 0; pfn < max; pfn++)
                {
                    var status = dump.GetPageStatus(pfn);
                    if (status != PageStatus.Present && pfn % 64 != 0)
                        continue; // every present page; a sample of the others
                    var fault = dump.TryReadPage(pfn, page);
                    pagesRead++;
                    if (fault != null)
                    {
                        faults++;
                        Assert.Equal(pfn * (ulong)dump.PageSize, fault.Address);
                    }
                    else
                    {
                        Assert.Equal(PageStatus.Present, status);
                    }
                }
            }
        });

        var run = Task.Run(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs), prop));
        Assert.True(await Task.WhenAny(run, Task.Delay(Watchdog)) == run, $"no result after {Watchdog}: a damaged dump made the reader hang");
        await run; // rethrows the property's failure
        Assert.True(opened > 10 && refused > 10, $"{opened} opened, {refused} refused: the mutations explore too little");
        Assert.True(pagesRead > faults && faults > 0, $"{pagesRead} pages read, {faults} faults");
    }
}
