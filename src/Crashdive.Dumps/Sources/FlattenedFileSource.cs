namespace Crashdive.Dumps.Sources;

/// <summary>
/// A makedumpfile flattened stream (-F) read in place: the records are indexed once and
/// logical offsets are served from them, without writing a reassembled copy.
/// </summary>
public sealed partial class FlattenedFileSource : IFileSource
{
    /// <summary>The 16-byte signature at the start of a flattened stream ("makedumpfile" and NULs).</summary>
    public static ReadOnlySpan<byte> Signature => "makedumpfile\0\0\0\0"u8;

    private readonly IFileSource _inner;

    private FlattenedFileSource(IFileSource inner) => _inner = inner;

    /// <inheritdoc/>
    public string Path => _inner.Path;

    /// <inheritdoc/>
    public long Length => throw new NotImplementedException();

    /// <summary>Indexes the records of <paramref name="inner"/>; refuses a malformed stream with one line.</summary>
    public static FlattenedFileSource Open(IFileSource inner) =>
        throw new DumpFormatException(inner.Path, 0, "flattened format: not implemented yet");

    /// <inheritdoc/>
    public int ReadAt(long offset, Span<byte> buffer) => throw new NotImplementedException();

    /// <inheritdoc/>
    public void Dispose() => _inner.Dispose();
}
