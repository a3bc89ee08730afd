using System.Runtime.InteropServices;

namespace Crashdive.Tests.Support;

/// <summary>zstd compression through the system's libzstd.so.1, for writing test dumps.</summary>
public static unsafe partial class ZstdCompressor
{
    [LibraryImport("libzstd.so.1")]
    private static partial nuint ZSTD_compress(byte* dst, nuint dstCapacity, byte* src, nuint srcSize, int level);

    [LibraryImport("libzstd.so.1")]
    private static partial nuint ZSTD_compressBound(nuint srcSize);

    [LibraryImport("libzstd.so.1")]
    private static partial uint ZSTD_isError(nuint code);

    /// <summary>One zstd frame of <paramref name="src"/> at <paramref name="level"/> (makedumpfile -z uses 1).</summary>
    public static byte[] Compress(ReadOnlySpan<byte> src, int level = 1)
    {
        var dst = new byte[(int)ZSTD_compressBound((nuint)src.Length)];
        nuint n;
        fixed (byte* s = src)
        fixed (byte* d = dst)
            n = ZSTD_compress(d, (nuint)dst.Length, s, (nuint)src.Length, level);
        if (ZSTD_isError(n) != 0)
            throw new InvalidOperationException($"ZSTD_compress failed ({n})");
        return dst.AsSpan(0, (int)n).ToArray();
    }
}
