namespace Crashdive.Symbols.Types;

/// <summary>One enumeration constant. <see cref="Value"/> is signed for signed enums; <see cref="UnsignedValue"/> is its bits.</summary>
public sealed record Enumerator(string Name, long Value)
{
    /// <summary>The value's bits as unsigned.</summary>
    public ulong UnsignedValue => (ulong)Value;
}
