namespace Crashdive.Symbols.Types;

/// <summary>
/// A reference from one type to another, resolved on first use (so that building
/// <c>struct list_head</c> does not build everything its members point to, and cycles are fine).
/// </summary>
internal sealed class TypeLink
{
    private readonly TypeFactory? _factory;
    private readonly ulong _key;
    private CType? _type;

    /// <summary>A link to an already built type.</summary>
    public TypeLink(CType type) => _type = type;

    /// <summary>A link to the type of DIE <paramref name="dieKey"/>, built when first followed.</summary>
    public TypeLink(TypeFactory factory, ulong dieKey)
    {
        _factory = factory;
        _key = dieKey;
    }

    /// <summary>A link to void.</summary>
    public static TypeLink Void { get; } = new(VoidType.Instance);

    /// <summary>The target type.</summary>
    public CType Value => _type ??= _factory!.GetType(_key);

    /// <summary>The DIE the link points to, or null for a built type.</summary>
    public ulong? DieKey => _factory != null ? _key : _type?.DieKey;
}
