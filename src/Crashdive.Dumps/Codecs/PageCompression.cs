namespace Crashdive.Dumps.Codecs;

/// <summary>How one page of a dump is stored.</summary>
public enum PageCompression
{
    /// <summary>Stored as is: exactly one page of bytes.</summary>
    None,
    /// <summary>zlib stream (RFC 1950), makedumpfile -c, QEMU kdump-zlib.</summary>
    Zlib,
    /// <summary>LZO1X, makedumpfile -l, QEMU kdump-lzo.</summary>
    Lzo,
    /// <summary>Raw snappy block, makedumpfile -p, QEMU kdump-snappy.</summary>
    Snappy,
    /// <summary>zstd frame, makedumpfile -z.</summary>
    Zstd,
}
