using Crashdive.Symbols.Elf;

namespace Crashdive.Symbols.Dwarf;

/// <summary>One DWARF section's bytes (possibly empty when the file lacks it), with the names used in errors.</summary>
internal sealed class DwarfSection
{
    private readonly SectionData _data;

    public DwarfSection(string filePath, string name, SectionData data)
    {
        FilePath = filePath;
        Name = name;
        _data = data;
    }

    /// <summary>The file the section came from.</summary>
    public string FilePath { get; }

    /// <summary>Section name, such as ".debug_info".</summary>
    public string Name { get; }

    /// <summary>Section size in bytes (after decompression).</summary>
    public int Length => _data.Length;

    /// <summary>The bytes.</summary>
    public ReadOnlySpan<byte> Span => _data.Span;

    /// <summary>Drops the mapped pages of [<paramref name="start"/>, <paramref name="end"/>) from the resident set (see <see cref="SectionData.ReleaseResident"/>).</summary>
    public void ReleaseResident(ulong start, ulong end) => _data.ReleaseResident((long)Math.Min(start, (ulong)Length), (long)Math.Min(end, (ulong)Length));

    /// <summary>A one-line error at <paramref name="offset"/> in this section.</summary>
    public DebugInfoFormatException Error(long offset, string reason) => new(FilePath, Name, offset, reason);

    /// <summary>The NUL-terminated string at <paramref name="offset"/>, as bytes without the NUL.</summary>
    public ReadOnlySpan<byte> CString(ulong offset)
    {
        ReadOnlySpan<byte> span = Span;
        if (offset >= (ulong)span.Length)
            throw Error((long)offset, $"string offset 0x{offset:x} is past the end of the section (size 0x{span.Length:x})");
        ReadOnlySpan<byte> rest = span[(int)offset..];
        int end = rest.IndexOf((byte)0);
        if (end < 0)
            throw Error((long)offset, "string is not NUL-terminated before the end of the section");
        return rest[..end];
    }
}
