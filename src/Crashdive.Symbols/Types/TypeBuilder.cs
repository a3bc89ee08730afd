namespace Crashdive.Symbols.Types;

/// <summary>
/// Types made by the evaluator rather than read from DWARF: <c>&amp;x</c> needs a pointer to x's
/// type, <c>(char)1</c> and integer literals need base types.
/// </summary>
public static class TypeBuilder
{
    /// <summary>A pointer to <paramref name="target"/> of <paramref name="size"/> bytes.</summary>
    public static PointerType PointerTo(CType target, ulong size = 8) => new(null, new TypeLink(target), size, false);

    /// <summary>An array of <paramref name="length"/> elements of <paramref name="element"/> (null: unknown length).</summary>
    public static ArrayType ArrayOf(CType element, ulong? length) => new(null, new TypeLink(element), length);

    /// <summary>A base type named <paramref name="name"/> (for literals and casts the debuginfo lacks).</summary>
    public static BaseType Base(string name, ulong size, BaseTypeEncoding encoding) => new(null, name, size, encoding);

    /// <summary><c>int</c>.</summary>
    public static BaseType Int { get; } = new(null, "int", 4, BaseTypeEncoding.Signed);

    /// <summary><c>long</c>.</summary>
    public static BaseType Long { get; } = new(null, "long", 8, BaseTypeEncoding.Signed);

    /// <summary><c>unsigned long</c>.</summary>
    public static BaseType UnsignedLong { get; } = new(null, "unsigned long", 8, BaseTypeEncoding.Unsigned);

    /// <summary><c>char</c>.</summary>
    public static BaseType Char { get; } = new(null, "char", 1, BaseTypeEncoding.SignedChar);
}
