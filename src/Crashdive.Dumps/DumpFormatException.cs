namespace Crashdive.Dumps;

/// <summary>
/// A file that cannot be used as a dump. The message is one line naming the file,
/// the offset where the problem is (when there is one) and what is wrong.
/// </summary>
public sealed class DumpFormatException : Exception
{
    /// <summary>Creates the error for <paramref name="path"/> at <paramref name="offset"/> (negative: no offset).</summary>
    public DumpFormatException(string path, long offset, string reason)
        : base(offset >= 0 ? $"{path}: offset 0x{offset:x}: {reason}" : $"{path}: {reason}")
    {
        FilePath = path;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The file that was refused.</summary>
    public string FilePath { get; }

    /// <summary>Byte offset in the file where the problem is, or -1.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Reason { get; }
}
