using System.Runtime.InteropServices;

namespace Crashdive.Dumps.Sources;

/// <summary>Reads of headers and tables that must be whole: a short read is a truncated file.</summary>
public static class FileSourceExtensions
{
    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/> or refuses the file naming <paramref name="what"/>.</summary>
    public static void ReadExactly(this IFileSource source, long offset, Span<byte> buffer, string what)
    {
        if (offset < 0)
            throw new DumpFormatException(source.Path, offset, $"{what}: negative offset");
        int n = source.ReadAt(offset, buffer);
        if (n != buffer.Length)
            throw new DumpFormatException(source.Path, offset + n,
                $"file is truncated: {what} needs {buffer.Length} bytes at 0x{offset:x}, the file ends after {n}");
    }

    /// <summary>Reads one on-disk struct mirroring C, or refuses the file as truncated.</summary>
    public static T ReadStruct<T>(this IFileSource source, long offset, string what) where T : unmanaged
    {
        T value = default;
        source.ReadExactly(offset, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref value, 1)), what);
        return value;
    }
}
