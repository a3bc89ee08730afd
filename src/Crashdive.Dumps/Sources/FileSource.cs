using Microsoft.Win32.SafeHandles;

namespace Crashdive.Dumps.Sources;

/// <summary>A plain file read with positional reads (pread); opened read-only, never written.</summary>
public sealed class FileSource : IFileSource
{
    private readonly SafeFileHandle _handle;

    private FileSource(string path, SafeFileHandle handle, long length)
    {
        Path = path;
        _handle = handle;
        Length = length;
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public long Length { get; }

    /// <summary>Opens <paramref name="path"/> read-only; a directory, a missing or unreadable file is refused with one line.</summary>
    public static FileSource Open(string path)
    {
        if (Directory.Exists(path))
            throw new DumpFormatException(path, -1, "is a directory, not a dump file");
        if (!File.Exists(path))
            throw new DumpFormatException(path, -1, "no such file");
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DumpFormatException(path, -1, "cannot open: " + e.Message);
        }
        return new FileSource(path, handle, RandomAccess.GetLength(handle));
    }

    /// <inheritdoc/>
    public int ReadAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset >= Length)
            return 0;
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(_handle, buffer[total..], offset + total);
            if (n <= 0)
                break;
            total += n;
        }
        return total;
    }

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();
}
