using System.Runtime.InteropServices;

namespace Crashdive.Dumps.Codecs;

/// <summary>
/// zstd pages through libzstd.so.1 with one decompression context kept for all pages (ZSTD_decompress
/// would create and free one per call). The library is loaded on first use, so dumps without zstd pages
/// never need it. Not thread-safe: one instance per thread.
/// </summary>
internal sealed class ZstdDecoder : IDisposable
{
    /// <summary>The text of the fault when libzstd.so.1 cannot be loaded.</summary>
    public const string MissingLibrary = "zstd pages need libzstd.so.1, which could not be loaded";

    private ZstdContextHandle? _dctx;
    private bool _unavailable;

    /// <summary>Decodes one zstd frame into exactly <paramref name="dst"/>.Length bytes.</summary>
    public unsafe DecodeStatus Decompress(ReadOnlySpan<byte> src, Span<byte> dst, out string? error)
    {
        error = null;
        if (_dctx == null)
        {
            if (_unavailable)
            {
                error = MissingLibrary;
                return DecodeStatus.Unsupported;
            }
            try
            {
                _dctx = ZstdContextHandle.Create();
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                _unavailable = true;
                error = MissingLibrary;
                return DecodeStatus.Unsupported;
            }
            if (_dctx.IsInvalid)
            {
                _dctx.Dispose();
                _dctx = null;
                error = "ZSTD_createDCtx failed";
                return DecodeStatus.Unsupported;
            }
        }
        nuint n;
        fixed (byte* s = src)
        fixed (byte* d = dst)
            n = ZstdNative.ZSTD_decompressDCtx(_dctx, d, (nuint)dst.Length, s, (nuint)src.Length);
        if (ZstdNative.ZSTD_isError(n) != 0)
        {
            error = Marshal.PtrToStringAnsi(ZstdNative.ZSTD_getErrorName(n)) ?? $"error {n}";
            return DecodeStatus.Corrupt;
        }
        if (n != (nuint)dst.Length)
        {
            error = $"decodes to {n} bytes, expected {dst.Length}";
            return DecodeStatus.Corrupt;
        }
        return DecodeStatus.Ok;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _dctx?.Dispose();
        _dctx = null;
    }
}
