using System.Runtime.InteropServices;

namespace Crashdive.Tests.Symbols;

/// <summary>libzstd's compressor, to make zstd-compressed sections for tests.</summary>
internal static unsafe partial class ZstdCompressor
{
    [LibraryImport("libzstd.so.1", EntryPoint = "ZSTD_compress")]
    private static partial nuint Compress(byte* dst, nuint dstCapacity, byte* src, nuint srcSize, int level);

    [LibraryImport("libzstd.so.1", EntryPoint = "ZSTD_compressBound")]
    private static partial nuint CompressBound(nuint srcSize);

    public static byte[] Compress(byte[] data)
    {
        var dst = new byte[(int)CompressBound((nuint)data.Length)];
        nuint n;
        fixed (byte* s = data)
        fixed (byte* d = dst)
            n = Compress(d, (nuint)dst.Length, s, (nuint)data.Length, 3);
        return dst[..(int)n];
    }
}
