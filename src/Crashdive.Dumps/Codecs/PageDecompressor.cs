namespace Crashdive.Dumps.Codecs;

/// <summary>
/// Decodes pages of any <see cref="PageCompression"/> into a page buffer, keeping the per-codec state
/// (zlib input stream, zstd context) between pages. Not thread-safe: a reader keeps one per thread.
/// Never throws on damaged input: the result and error text say what happened.
/// </summary>
public sealed class PageDecompressor : IDisposable
{
    private readonly ZlibDecoder _zlib = new();
    private ZstdDecoder? _zstd;

    /// <summary>The codec's name as messages use it.</summary>
    public static string Name(PageCompression kind) => kind switch
    {
        PageCompression.None => "uncompressed",
        PageCompression.Zlib => "zlib",
        PageCompression.Lzo => "lzo",
        PageCompression.Snappy => "snappy",
        PageCompression.Zstd => "zstd",
        _ => kind.ToString(),
    };

    /// <summary>
    /// Decodes <paramref name="src"/> into exactly <paramref name="dst"/>.Length bytes. On anything but
    /// <see cref="DecodeStatus.Ok"/>, <paramref name="error"/> says why (without the codec name).
    /// </summary>
    public DecodeStatus Decompress(PageCompression kind, ReadOnlySpan<byte> src, Span<byte> dst, out string? error)
    {
        switch (kind)
        {
            case PageCompression.None:
                if (src.Length != dst.Length)
                {
                    error = $"stored page of {src.Length} bytes, expected {dst.Length}";
                    return DecodeStatus.Corrupt;
                }
                src.CopyTo(dst);
                error = null;
                return DecodeStatus.Ok;
            case PageCompression.Zlib:
                error = _zlib.Decompress(src, dst);
                return error == null ? DecodeStatus.Ok : DecodeStatus.Corrupt;
            case PageCompression.Lzo:
                error = Lzo1x.Decompress(src, dst, out int written);
                if (error == null && written != dst.Length)
                    error = $"decodes to {written} bytes, expected {dst.Length}";
                return error == null ? DecodeStatus.Ok : DecodeStatus.Corrupt;
            case PageCompression.Snappy:
                error = SnappyDecoder.Decompress(src, dst);
                return error == null ? DecodeStatus.Ok : DecodeStatus.Corrupt;
            case PageCompression.Zstd:
                _zstd ??= new ZstdDecoder();
                return _zstd.Decompress(src, dst, out error);
            default:
                error = $"unknown compression {kind}";
                return DecodeStatus.Unsupported;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _zstd?.Dispose();
}
