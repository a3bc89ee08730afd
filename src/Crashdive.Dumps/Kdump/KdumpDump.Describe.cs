using System.Runtime.InteropServices;
using Crashdive.Dumps.Codecs;
using Crashdive.Dumps.Sources;

namespace Crashdive.Dumps.Kdump;

public sealed partial class KdumpDump
{
    private static readonly string[] UtsNames = ["sysname", "nodename", "release", "version", "machine", "domainname"];

    /// <inheritdoc/>
    public override IReadOnlyList<KeyValuePair<string, string>> Describe()
    {
        var h = _layout.Header;
        var s = _layout.Sub;
        var lines = new List<KeyValuePair<string, string>>();
        void Add(string name, string value) => lines.Add(new(name, value));

        Add("header_version", h.HeaderVersion.ToString());
        for (int i = 0; i < UtsNames.Length; i++)
            Add(UtsNames[i], h.Uts(i));
        Add("timestamp", FormatTimestamp(h.TimestampSeconds, h.TimestampMicroseconds));
        Add("status", KdumpFlags.DescribeStatus(h.Status));
        Add("block_size", h.BlockSize.ToString());
        Add("sub_hdr_size", $"{h.SubHeaderBlocks} blocks");
        Add("bitmap_blocks", _layout.TwoBitmaps
            ? $"{h.BitmapBlocks} (RAM and dumped-pages bitmaps of {h.BitmapBlocks / 2.0:0.#} blocks each)"
            : $"{h.BitmapBlocks} (one bitmap for RAM and dumped pages)");
        Add("max_mapnr", _layout.MaxMapnrFrom64
            ? $"{_layout.MaxMapnr} (0x{_layout.MaxMapnr:x}, max_mapnr_64; 32-bit field {h.MaxMapnr})"
            : $"{_layout.MaxMapnr} (0x{_layout.MaxMapnr:x})");
        Add("nr_cpus", h.NrCpus.ToString());
        Add("current_cpu", h.CurrentCpu.ToString());
        if (h.TotalRamBlocks != 0 || h.DeviceBlocks != 0 || h.WrittenBlocks != 0)
            Add("diskdump blocks", $"total_ram {h.TotalRamBlocks}, device {h.DeviceBlocks}, written {h.WrittenBlocks}");
        Add("dump_level", KdumpFlags.DescribeDumpLevel(s.DumpLevel));
        Add("phys_base", $"0x{s.PhysBase:x}");
        Add("split", s.Split == 0
            ? "no"
            : $"yes: this part holds pfn 0x{_layout.StartPfn:x}-0x{_layout.EndPfn - 1:x}; the other parts are separate files");
        Add("vmcoreinfo", s.SizeVmcoreinfo == 0 ? "none" : $"{s.SizeVmcoreinfo} bytes at 0x{s.OffsetVmcoreinfo:x}");
        Add("notes", s.SizeNote == 0 ? "none" : $"{s.SizeNote} bytes at 0x{s.OffsetNote:x}");
        if (h.HeaderVersion >= 5)
            Add("eraseinfo", s.SizeEraseinfo == 0 ? "none" : $"{s.SizeEraseinfo} bytes at 0x{s.OffsetEraseinfo:x}");
        Add("ram pages", _ram.Count.ToString());
        Add("dumped pages", $"{_layout.DescCount} (page descriptors at 0x{_layout.DescOffset:x})");
        Add("page storage", CountDescriptors().ToString());
        if (Source is FlattenedFileSource flat)
            Add("flattened", flat.Summary);
        return lines;
    }

    private static string FormatTimestamp(long seconds, long micros)
    {
        if (seconds == 0 && micros == 0)
            return "0 (not set)"; // QEMU's dump-guest-memory leaves it zero
        if (seconds < -62135596800 || seconds > 253402300799 || micros < 0 || micros >= 1_000_000)
            return $"tv_sec {seconds}, tv_usec {micros} (not a valid time)";
        var t = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
        return $"{t:yyyy-MM-dd HH:mm:ss}.{micros:D6} UTC";
    }

    /// <summary>
    /// Reads the whole descriptor table and counts how pages are stored. Zero pages share one descriptor
    /// (makedumpfile and QEMU write a single zero page first in the data area and point every zero
    /// page at it): descriptors pointing at the start of the data area are counted apart when there
    /// is more than one.
    /// </summary>
    private PageStorageCounts CountDescriptors()
    {
        var counts = new PageStorageCounts();
        long zeroOffset = _layout.DescOffset + _layout.DescCount * PageDesc.Size;
        long atZero = 0;
        var zeroKind = PageCompression.None;
        const int Batch = 4096;
        var buf = new PageDesc[Batch];
        var bytes = MemoryMarshal.AsBytes(buf.AsSpan());
        for (long i = 0; i < _layout.DescCount; i += Batch)
        {
            int n = (int)Math.Min(Batch, _layout.DescCount - i);
            int got = Source.ReadAt(_layout.DescOffset + i * PageDesc.Size, bytes[..(n * PageDesc.Size)]) / PageDesc.Size;
            for (int k = 0; k < got; k++)
            {
                ref var d = ref buf[k];
                var kind = KdumpFlags.Codec(d.Flags);
                if (d.Offset == 0 || kind == null)
                    counts.Unreadable++;
                else if (d.Offset == zeroOffset)
                {
                    atZero++;
                    zeroKind = kind.Value;
                }
                else
                    counts.Add(kind.Value);
            }
            counts.Unreadable += n - got;
        }
        if (atZero > 1)
            counts.ZeroShared = atZero;
        else if (atZero == 1)
            counts.Add(zeroKind);
        return counts;
    }

    private sealed class PageStorageCounts
    {
        public long Zlib, Lzo, Snappy, Zstd, Uncompressed, ZeroShared, Unreadable;

        public void Add(PageCompression kind)
        {
            switch (kind)
            {
                case PageCompression.Zlib: Zlib++; break;
                case PageCompression.Lzo: Lzo++; break;
                case PageCompression.Snappy: Snappy++; break;
                case PageCompression.Zstd: Zstd++; break;
                default: Uncompressed++; break;
            }
        }

        public override string ToString()
        {
            string text = $"zlib {Zlib}, lzo {Lzo}, snappy {Snappy}, zstd {Zstd}, uncompressed {Uncompressed}, zero-shared {ZeroShared}";
            return Unreadable == 0 ? text : text + $", unreadable descriptors {Unreadable}";
        }
    }
}
