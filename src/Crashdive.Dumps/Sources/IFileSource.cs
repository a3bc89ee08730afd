namespace Crashdive.Dumps.Sources;

/// <summary>
/// Random access to the bytes of a dump file as its format sees them. A plain file is one;
/// a makedumpfile flattened stream is another, whose logical offsets are mapped onto the
/// records of the stream without reassembling it.
/// </summary>
public interface IFileSource : IDisposable
{
    /// <summary>The file's path, for messages.</summary>
    string Path { get; }

    /// <summary>Logical length in bytes.</summary>
    long Length { get; }

    /// <summary>
    /// Copies bytes from logical <paramref name="offset"/>. Returns the count copied; fewer than
    /// asked means the logical file ends at <c>offset + result</c>. Bytes of a flattened stream that
    /// no record wrote read as zeros, as in the sparse file <c>makedumpfile -R</c> would write.
    /// Thread-safe.
    /// </summary>
    int ReadAt(long offset, Span<byte> buffer);
}
