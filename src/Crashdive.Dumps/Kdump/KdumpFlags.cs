using System.Text;
using Crashdive.Dumps.Codecs;

namespace Crashdive.Dumps.Kdump;

/// <summary>
/// The DUMP_DH_* bits of diskdump_mod.h, used both in <c>disk_dump_header.status</c> and in
/// <c>page_desc_t.flags</c>.
/// </summary>
internal static class KdumpFlags
{
    public const uint CompressedZlib = 0x1;        // DUMP_DH_COMPRESSED_ZLIB
    public const uint CompressedLzo = 0x2;         // DUMP_DH_COMPRESSED_LZO
    public const uint CompressedSnappy = 0x4;      // DUMP_DH_COMPRESSED_SNAPPY
    public const uint CompressedIncomplete = 0x8;  // DUMP_DH_COMPRESSED_INCOMPLETE (header only)
    public const uint ExcludedVmemmap = 0x10;      // DUMP_DH_EXCLUDED_VMEMMAP (header only)
    public const uint CompressedZstd = 0x20;       // DUMP_DH_COMPRESSED_ZSTD

    /// <summary>All the bits that name a page codec.</summary>
    public const uint CodecMask = CompressedZlib | CompressedLzo | CompressedSnappy | CompressedZstd;

    /// <summary>The codec of a page descriptor's flags, or null when more than one codec bit is set.</summary>
    public static PageCompression? Codec(uint flags) => (flags & CodecMask) switch
    {
        0 => PageCompression.None,
        CompressedZlib => PageCompression.Zlib,
        CompressedLzo => PageCompression.Lzo,
        CompressedSnappy => PageCompression.Snappy,
        CompressedZstd => PageCompression.Zstd,
        _ => null,
    };

    /// <summary>The header status word as text: "0x21 (DUMP_DH_COMPRESSED_ZLIB | ...)", open for unknown bits.</summary>
    public static string DescribeStatus(uint status)
    {
        if (status == 0)
            return "0x0 (none)";
        var sb = new StringBuilder($"0x{status:x} (");
        bool first = true;
        for (int bit = 0; bit < 32; bit++)
        {
            uint b = 1u << bit;
            if ((status & b) == 0)
                continue;
            if (!first)
                sb.Append(" | ");
            first = false;
            sb.Append(b switch
            {
                CompressedZlib => "DUMP_DH_COMPRESSED_ZLIB",
                CompressedLzo => "DUMP_DH_COMPRESSED_LZO",
                CompressedSnappy => "DUMP_DH_COMPRESSED_SNAPPY",
                CompressedIncomplete => "DUMP_DH_COMPRESSED_INCOMPLETE",
                ExcludedVmemmap => "DUMP_DH_EXCLUDED_VMEMMAP",
                CompressedZstd => "DUMP_DH_COMPRESSED_ZSTD",
                _ => $"Unknown (0x{b:x})",
            });
        }
        return sb.Append(')').ToString();
    }

    /// <summary>makedumpfile's -d dump_level bits as text, open for unknown bits.</summary>
    public static string DescribeDumpLevel(int level)
    {
        if (level == 0)
            return "0 (nothing excluded)";
        var names = new List<string>();
        for (int bit = 0; bit < 32; bit++)
        {
            int b = 1 << bit;
            if ((level & b) == 0)
                continue;
            names.Add(b switch
            {
                1 => "zero pages",
                2 => "non-private cache",
                4 => "private cache",
                8 => "user data",
                16 => "free pages",
                _ => $"Unknown (0x{b:x})",
            });
        }
        return $"{level} (excluded: {string.Join(", ", names)})";
    }
}
