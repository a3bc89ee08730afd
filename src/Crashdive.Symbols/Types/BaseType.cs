namespace Crashdive.Symbols.Types;

/// <summary>A base type (<c>int</c>, <c>long unsigned int</c>, <c>char</c>, <c>_Bool</c>, <c>double</c>).</summary>
public sealed class BaseType : CType
{
    private readonly ulong? _alignment;

    internal BaseType(ulong? dieKey, string name, ulong size, BaseTypeEncoding encoding, ulong? alignment = null)
        : base(TypeKind.Base, dieKey)
    {
        Name = name;
        ByteSize = size;
        Encoding = encoding;
        _alignment = alignment;
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <summary>Size in bytes.</summary>
    public ulong ByteSize { get; }

    /// <summary>How the bits are to be read.</summary>
    public BaseTypeEncoding Encoding { get; }

    /// <summary>True for signed integers and signed characters.</summary>
    public bool IsSigned => Encoding is BaseTypeEncoding.Signed or BaseTypeEncoding.SignedChar;

    /// <summary>True for floating point.</summary>
    public bool IsFloat => Encoding is BaseTypeEncoding.Float or BaseTypeEncoding.ComplexFloat;

    /// <summary>True for character types (what crash prints as strings in arrays).</summary>
    public bool IsChar => Encoding is BaseTypeEncoding.SignedChar or BaseTypeEncoding.UnsignedChar;

    /// <inheritdoc/>
    public override ulong? Alignment => _alignment;

    internal override ulong? ComputeSize(int depth) => ByteSize;
}
