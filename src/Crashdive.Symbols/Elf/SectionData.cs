namespace Crashdive.Symbols.Elf;

/// <summary>
/// The contents of a section as the DWARF reader sees them: either a window of the mapped file
/// (the common case, no copy) or a private array (decompressed or relocated).
/// </summary>
internal sealed unsafe class SectionData
{
    private readonly byte* _pointer;
    private readonly byte[]? _array;

    /// <summary>Wraps bytes inside a mapping owned by someone else, which outlives this object.</summary>
    public SectionData(byte* pointer, int length)
    {
        _pointer = pointer;
        Length = length;
    }

    /// <summary>Wraps a private array.</summary>
    public SectionData(byte[] array)
    {
        _array = array;
        Length = array.Length;
    }

    /// <summary>An empty section.</summary>
    public static SectionData Empty { get; } = new(Array.Empty<byte>());

    /// <summary>Number of bytes.</summary>
    public int Length { get; }

    /// <summary>The bytes.</summary>
    public ReadOnlySpan<byte> Span => _array ?? new ReadOnlySpan<byte>(_pointer, Length);

    /// <summary>True when the bytes are a private copy (decompressed or relocated).</summary>
    public bool IsCopy => _array != null;
}
