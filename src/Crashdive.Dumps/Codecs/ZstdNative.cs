using System.Runtime.InteropServices;

namespace Crashdive.Dumps.Codecs;

/// <summary>The few entry points of the system's libzstd.so.1 that page decoding needs.</summary>
internal static unsafe partial class ZstdNative
{
    /// <summary>The library name as the dynamic loader finds it.</summary>
    public const string Library = "libzstd.so.1";

    [LibraryImport(Library)]
    public static partial nint ZSTD_createDCtx();

    [LibraryImport(Library)]
    public static partial nuint ZSTD_freeDCtx(nint dctx);

    [LibraryImport(Library)]
    public static partial nuint ZSTD_decompressDCtx(ZstdContextHandle dctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    [LibraryImport(Library)]
    public static partial uint ZSTD_isError(nuint code);

    [LibraryImport(Library)]
    public static partial nint ZSTD_getErrorName(nuint code);
}
