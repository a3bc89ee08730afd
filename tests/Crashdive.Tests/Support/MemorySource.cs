using Crashdive.Dumps.Sources;

namespace Crashdive.Tests.Support;

/// <summary>An in-memory file for parser tests: a copy of a real header, patched or cut short.</summary>
public sealed class MemorySource(byte[] data, string path = "test.dump") : IFileSource
{
    /// <summary>The bytes, which a test may patch before opening.</summary>
    public byte[] Data { get; } = data;

    /// <inheritdoc/>
    public string Path { get; } = path;

    /// <inheritdoc/>
    public long Length => Data.Length;

    /// <inheritdoc/>
    public int ReadAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset >= Data.Length)
            return 0;
        int n = (int)Math.Min(buffer.Length, Data.Length - offset);
        Data.AsSpan((int)offset, n).CopyTo(buffer);
        return n;
    }

    /// <inheritdoc/>
    public void Dispose() { }
}
