namespace Crashdive.Symbols.Types;

/// <summary>
/// An array. A multi-dimensional C array is an array of arrays (<c>int [2][3]</c> is 2 of
/// <c>int [3]</c>); <see cref="Length"/> is null for flexible and unknown-size arrays.
/// </summary>
public sealed class ArrayType : CType
{
    private readonly TypeLink _element;

    internal ArrayType(ulong? dieKey, TypeLink element, ulong? length)
        : base(TypeKind.Array, dieKey)
    {
        _element = element;
        Length = length;
    }

    /// <summary>The element type.</summary>
    public CType ElementType => _element.Value;

    /// <summary>Number of elements, or null for <c>[]</c> (flexible array members) and variable lengths.</summary>
    public ulong? Length { get; }

    internal override ulong? ComputeSize(int depth)
    {
        if (Length is not ulong n || depth >= MaxChain)
            return null;
        if (n == 0)
            return 0;
        return ElementType.ComputeSize(depth + 1) is ulong e ? e * n : null;
    }
}
