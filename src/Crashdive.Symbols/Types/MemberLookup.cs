namespace Crashdive.Symbols.Types;

/// <summary>
/// A member found by name, possibly inside anonymous members or along a dotted path, with its
/// offset from the start of the outermost type.
/// </summary>
public readonly record struct MemberLookup(Member Member, ulong BitOffset)
{
    /// <summary>Offset in bytes from the start of the outermost type.</summary>
    public ulong Offset => BitOffset / 8;

    /// <summary>The member's type.</summary>
    public CType Type => Member.Type;
}
