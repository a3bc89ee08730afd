using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Crashdive.Symbols.Elf;

/// <summary>
/// Inflates compressed sections: SHF_COMPRESSED (Elf64_Chdr + zlib or zstd) and the older GNU
/// ".zdebug_*" form ("ZLIB" + 8-byte big-endian size + zlib). The declared size is bounded before
/// anything is allocated, and the data must inflate to exactly that size.
/// </summary>
internal static unsafe class SectionDecompressor
{
    /// <summary>
    /// Deflate cannot expand more than 1032:1; zstd can in theory, but debug sections never come
    /// close. A declared size above this ratio is taken as corruption rather than allocated.
    /// </summary>
    private const ulong MaxRatio = 1100;

    /// <summary>Inflates an SHF_COMPRESSED section whose file bytes are <paramref name="raw"/>.</summary>
    public static byte[] DecompressElf(string path, ElfSection section, ReadOnlySpan<byte> raw)
    {
        long at = (long)section.FileOffset;
        if (raw.Length < ElfConstants.CompressionHeaderSize)
            throw new DebugInfoFormatException(path, at, $"compressed section {section.Name} is too short for its Elf64_Chdr ({raw.Length} bytes)");
        Elf64CompressionHeader chdr = MemoryMarshal.Read<Elf64CompressionHeader>(raw);
        ReadOnlySpan<byte> payload = raw[ElfConstants.CompressionHeaderSize..];
        int size = CheckSize(path, at, section.Name, chdr.Size, payload.Length);
        return chdr.Type switch
        {
            ElfConstants.CompressZlib => Inflate(path, at + ElfConstants.CompressionHeaderSize, section.Name, payload, size),
            ElfConstants.CompressZstd => DecompressZstd(path, at + ElfConstants.CompressionHeaderSize, section.Name, payload, size),
            _ => throw new DebugInfoFormatException(path, at, $"compressed section {section.Name} has unknown compression type {chdr.Type} in its Elf64_Chdr"),
        };
    }

    /// <summary>Inflates a GNU ".zdebug_*" section.</summary>
    public static byte[] DecompressGnu(string path, ElfSection section, ReadOnlySpan<byte> raw)
    {
        long at = (long)section.FileOffset;
        if (raw.Length < 12 || !raw[..4].SequenceEqual("ZLIB"u8))
            throw new DebugInfoFormatException(path, at, $"section {section.Name} does not start with the \"ZLIB\" header of GNU compressed sections");
        ulong declared = BinaryPrimitives.ReadUInt64BigEndian(raw[4..12]);
        ReadOnlySpan<byte> payload = raw[12..];
        int size = CheckSize(path, at, section.Name, declared, payload.Length);
        return Inflate(path, at + 12, section.Name, payload, size);
    }

    private static int CheckSize(string path, long at, string name, ulong declared, int compressedLength)
    {
        if (declared > (ulong)Array.MaxLength)
            throw new DebugInfoFormatException(path, at, $"compressed section {name} declares {declared} uncompressed bytes, more than this reader supports (2 GiB)");
        if (declared > MaxRatio * (ulong)compressedLength + 4096)
            throw new DebugInfoFormatException(path, at, $"compressed section {name} declares {declared} uncompressed bytes from {compressedLength} compressed bytes, an impossible ratio");
        return (int)declared;
    }

    private static byte[] Inflate(string path, long at, string name, ReadOnlySpan<byte> payload, int size)
    {
        var output = new byte[size];
        fixed (byte* p = payload)
        {
            using var input = new UnmanagedMemoryStream(p, payload.Length);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            int total = 0;
            try
            {
                while (total < size)
                {
                    int n = zlib.Read(output, total, size - total);
                    if (n == 0)
                        break;
                    total += n;
                }
                if (total < size)
                    throw new DebugInfoFormatException(path, at, $"zlib data of section {name} inflates to {total} bytes, its header says {size}");
                Span<byte> extra = stackalloc byte[1];
                if (zlib.Read(extra) != 0)
                    throw new DebugInfoFormatException(path, at, $"zlib data of section {name} inflates to more than the {size} bytes its header says");
            }
            catch (InvalidDataException e)
            {
                throw new DebugInfoFormatException(path, at, $"zlib data of section {name} is corrupt: {e.Message}");
            }
        }
        return output;
    }

    private static byte[] DecompressZstd(string path, long at, string name, ReadOnlySpan<byte> payload, int size)
    {
        var output = new byte[size];
        try
        {
            fixed (byte* src = payload)
            fixed (byte* dst = output)
            {
                ulong frame = ZstdNative.GetFrameContentSize(src, (nuint)payload.Length);
                if (frame == ZstdNative.ContentSizeError)
                    throw new DebugInfoFormatException(path, at, $"zstd data of section {name} does not start with a valid frame header");
                if (frame != ZstdNative.ContentSizeUnknown && frame != (ulong)size)
                    throw new DebugInfoFormatException(path, at, $"zstd frame of section {name} declares {frame} bytes, its Elf64_Chdr says {size}");
                nuint n = ZstdNative.Decompress(dst, (nuint)size, src, (nuint)payload.Length);
                if (ZstdNative.IsError(n) != 0)
                    throw new DebugInfoFormatException(path, at, $"zstd data of section {name} is corrupt: {ZstdNative.ErrorName(n)}");
                if (n != (nuint)size)
                    throw new DebugInfoFormatException(path, at, $"zstd data of section {name} inflates to {n} bytes, its header says {size}");
            }
        }
        catch (DllNotFoundException)
        {
            throw new DebugInfoFormatException(path, at, $"section {name} is zstd-compressed and libzstd.so.1 could not be loaded");
        }
        return output;
    }
}
