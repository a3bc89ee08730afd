using System.Runtime.InteropServices;

namespace Crashdive.Tests.Support;

/// <summary>liblzo2.so.2 (makedumpfile's own LZO library), for writing LZO pages and as the reference decoder.</summary>
public static unsafe partial class LibLzo
{
    private const string Library = "liblzo2.so.2";

    [LibraryImport(Library)]
    private static partial int lzo1x_1_compress(byte* src, nuint srcLen, byte* dst, nuint* dstLen, byte* wrkmem);

    [LibraryImport(Library)]
    private static partial int lzo1x_999_compress(byte* src, nuint srcLen, byte* dst, nuint* dstLen, byte* wrkmem);

    [LibraryImport(Library)]
    private static partial int lzo1x_decompress_safe(byte* src, nuint srcLen, byte* dst, nuint* dstLen, void* wrkmem);

    /// <summary>LZO1X-1 (what makedumpfile -l writes), or LZO1X-999 (slower, uses every instruction form).</summary>
    public static byte[] Compress(ReadOnlySpan<byte> src, bool best = false)
    {
        var dst = new byte[src.Length + src.Length / 16 + 64 + 3];
        var wrk = new byte[1 << 20]; // > LZO1X_999_MEM_COMPRESS and LZO1X_1_MEM_COMPRESS on LP64
        nuint n = (nuint)dst.Length;
        int rc;
        fixed (byte* s = src)
        fixed (byte* d = dst)
        fixed (byte* w = wrk)
            rc = best ? lzo1x_999_compress(s, (nuint)src.Length, d, &n, w) : lzo1x_1_compress(s, (nuint)src.Length, d, &n, w);
        if (rc != 0)
            throw new InvalidOperationException($"lzo compress failed: {rc}");
        return dst.AsSpan(0, (int)n).ToArray();
    }

    /// <summary>liblzo2's own checked decoder: its return code (0 = LZO_E_OK) and the bytes it wrote.</summary>
    public static int Decompress(ReadOnlySpan<byte> src, Span<byte> dst, out int written)
    {
        nuint n = (nuint)dst.Length;
        int rc;
        fixed (byte* s = src)
        fixed (byte* d = dst)
            rc = lzo1x_decompress_safe(s, (nuint)src.Length, d, &n, null);
        written = (int)n;
        return rc;
    }
}
