using Crashdive.Dumps.Elf;
using Crashdive.Dumps.Kdump;
using Crashdive.Dumps.Sources;

namespace Crashdive.Dumps;

/// <summary>Opens a dump file by looking at its first bytes: one switch, one reader per format.</summary>
public static class DumpOpener
{
    private const int ProbeSize = 64;

    /// <summary>
    /// Opens <paramref name="path"/> read-only. Anything that is not a usable dump is refused with a
    /// <see cref="DumpFormatException"/> whose message is one line naming the file and the problem.
    /// </summary>
    public static DumpFile Open(string path)
    {
        var file = FileSource.Open(path);
        try
        {
            return Open(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Opens a dump over an already opened source (which the dump then owns).</summary>
    public static DumpFile Open(IFileSource source)
    {
        if (source.Length == 0)
            throw new DumpFormatException(source.Path, -1, "empty file");
        Span<byte> head = stackalloc byte[ProbeSize];
        int n = source.ReadAt(0, head);
        head = head[..n];
        if (head.StartsWith(FlattenedFileSource.Signature))
        {
            var flat = FlattenedFileSource.Open(source);
            try
            {
                Span<byte> inner = stackalloc byte[ProbeSize];
                int m = flat.ReadAt(0, inner);
                return OpenBySignature(flat, inner[..m]);
            }
            catch
            {
                // the flattened view owns the plain source; do not dispose it twice
                GC.KeepAlive(flat);
                throw;
            }
        }
        return OpenBySignature(source, head);
    }

    private static DumpFile OpenBySignature(IFileSource source, ReadOnlySpan<byte> head)
    {
        // ElfDump checks class and byte order before e_type, so that a big-endian core is named as one.
        if (head.StartsWith("\x7f"u8 + "ELF"u8))
            return ElfDump.Open(source);
        if (head.StartsWith(KdumpDump.Signature))
            return KdumpDump.Open(source);
        if (head.StartsWith("DISKDUMP"u8))
            throw new DumpFormatException(source.Path, 0, "old diskdump format (DISKDUMP) is not supported; only kdump-compressed (KDUMP) is");
        if (head.Length < 8)
            throw new DumpFormatException(source.Path, 0, $"too short to be a dump ({head.Length} bytes)");
        throw new DumpFormatException(source.Path, 0,
            $"not a dump: unknown signature {Convert.ToHexString(head[..8]).ToLowerInvariant()} (expected ELF core, KDUMP or makedumpfile flattened)");
    }
}
