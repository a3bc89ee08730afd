namespace Crashdive.Symbols.Types;

/// <summary>
/// A member of a struct or union. Offsets are in bits from the start of the containing type, so
/// bit fields and plain members read the same way.
/// </summary>
public sealed class Member
{
    private readonly TypeLink _type;

    internal Member(string? name, TypeLink type, ulong bitOffset, ulong bitSize)
    {
        Name = name;
        _type = type;
        BitOffset = bitOffset;
        BitSize = bitSize;
    }

    /// <summary>The member's name; null for anonymous struct/union members.</summary>
    public string? Name { get; }

    /// <summary>The member's type.</summary>
    public CType Type => _type.Value;

    /// <summary>Offset from the start of the containing type, in bits.</summary>
    public ulong BitOffset { get; }

    /// <summary>Width of a bit field in bits; 0 for ordinary members.</summary>
    public ulong BitSize { get; }

    /// <summary>Offset in bytes (of the byte holding the first bit, for bit fields): offsetof().</summary>
    public ulong Offset => BitOffset / 8;

    /// <summary>True for bit fields.</summary>
    public bool IsBitField => BitSize != 0;

    /// <summary>True for anonymous struct/union members, whose own members are reached as if they were the parent's.</summary>
    public bool IsAnonymous => Name == null;

    /// <inheritdoc/>
    public override string ToString() => $"{Name ?? "(anonymous)"} @{Offset}";
}
