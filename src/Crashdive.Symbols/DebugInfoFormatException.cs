namespace Crashdive.Symbols;

/// <summary>
/// A symbol file (vmlinux, module .ko, or a cached index) that cannot be used. The message is one
/// line: <c>FILE: offset 0x..: reason</c> for file-level problems, or
/// <c>FILE: .debug_info+0x1234: reason</c> when the problem is inside a section.
/// </summary>
public sealed class DebugInfoFormatException : Exception
{
    /// <summary>Creates the error for <paramref name="path"/> at file offset <paramref name="offset"/> (negative: no offset).</summary>
    public DebugInfoFormatException(string path, long offset, string reason)
        : base(Format(path, null, offset, reason))
    {
        FilePath = path;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>Creates the error for offset <paramref name="offset"/> inside section <paramref name="section"/> of <paramref name="path"/>.</summary>
    public DebugInfoFormatException(string path, string section, long offset, string reason)
        : base(Format(path, section, offset, reason))
    {
        FilePath = path;
        Section = section;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The file that was refused.</summary>
    public string FilePath { get; }

    /// <summary>The section the offset is relative to, or null when <see cref="Offset"/> is a file offset.</summary>
    public string? Section { get; }

    /// <summary>Byte offset (in the file, or in <see cref="Section"/>) where the problem is, or -1.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Reason { get; }

    private static string Format(string path, string? section, long offset, string reason)
    {
        if (section != null)
            return offset >= 0 ? $"{path}: {section}+0x{offset:x}: {reason}" : $"{path}: {section}: {reason}";
        return offset >= 0 ? $"{path}: offset 0x{offset:x}: {reason}" : $"{path}: {reason}";
    }
}
