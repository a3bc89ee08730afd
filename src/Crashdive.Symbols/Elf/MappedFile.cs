using System.IO.MemoryMappedFiles;

namespace Crashdive.Symbols.Elf;

/// <summary>
/// A read-only memory mapping of a whole file. Spans handed out stay valid until <see cref="Dispose"/>.
/// Mapping (rather than reading) lets a 560 MB vmlinux be opened without copying it: only the pages
/// that a lookup touches are read from disk.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private byte* _base;

    private MappedFile(string path, long length, DateTime lastWrite, MemoryMappedFile? map, MemoryMappedViewAccessor? view)
    {
        Path = path;
        Length = length;
        LastWriteTimeUtc = lastWrite;
        _map = map;
        _view = view;
        if (view != null)
        {
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            _base = p + view.PointerOffset;
        }
    }

    /// <summary>The file's path as given.</summary>
    public string Path { get; }

    /// <summary>The file's length in bytes when it was mapped.</summary>
    public long Length { get; }

    /// <summary>The file's modification time when it was mapped.</summary>
    public DateTime LastWriteTimeUtc { get; }

    /// <summary>Maps <paramref name="path"/> read-only. An empty file gives an empty mapping.</summary>
    public static MappedFile Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.None);
        try
        {
            long length = stream.Length;
            DateTime lastWrite = File.GetLastWriteTimeUtc(path);
            if (length == 0)
            {
                stream.Dispose();
                return new MappedFile(path, 0, lastWrite, null, null);
            }
            var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            return new MappedFile(path, length, lastWrite, map, view);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The first byte of the mapping (null for an empty file).</summary>
    public byte* Pointer => _base;

    /// <summary>True when [offset, offset+length) lies inside the file.</summary>
    public bool Contains(ulong offset, ulong length) =>
        offset <= (ulong)Length && length <= (ulong)Length - offset;

    /// <summary>The bytes [offset, offset+length); the caller has checked the range with <see cref="Contains"/>.</summary>
    public ReadOnlySpan<byte> Span(long offset, int length)
    {
        if (!Contains((ulong)offset, (ulong)length))
            throw new ArgumentOutOfRangeException(nameof(offset), $"range 0x{offset:x}+0x{length:x} is outside {Path}");
        return length == 0 ? ReadOnlySpan<byte>.Empty : new ReadOnlySpan<byte>(_base + offset, length);
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        if (_view != null && _base != null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _base = null;
        }
        _view?.Dispose();
        _map?.Dispose();
    }
}
