namespace Crashdive.Symbols.Dwarf.Locations;

/// <summary>
/// The evaluated location of a variable: an address in memory, the bytes of its value, or why it has
/// none. <see cref="Reason"/> says why a value is missing (for messages and tests).
/// </summary>
/// <param name="Kind">Which of the cases this is.</param>
/// <param name="Address">The address, for <see cref="LocationKind.Memory"/>.</param>
/// <param name="Bytes">The value's bytes, for <see cref="LocationKind.Value"/> (as many as the caller's size).</param>
/// <param name="Reason">Why there is no value, for the two missing kinds.</param>
public sealed record VariableLocation(LocationKind Kind, ulong Address, byte[]? Bytes, string? Reason)
{
    /// <summary>In memory at <paramref name="address"/>.</summary>
    public static VariableLocation InMemory(ulong address) => new(LocationKind.Memory, address, null, null);

    /// <summary>A value held in <paramref name="bytes"/>.</summary>
    public static VariableLocation OfValue(byte[] bytes) => new(LocationKind.Value, 0, bytes, null);

    /// <summary>No location (gdb's <c>&lt;optimized out&gt;</c>).</summary>
    public static VariableLocation OptimizedOut(string reason) => new(LocationKind.OptimizedOut, 0, null, reason);

    /// <summary>Not evaluable here.</summary>
    public static VariableLocation Unavailable(string reason) => new(LocationKind.Unavailable, 0, null, reason);

    /// <summary>True when the value can be read (in memory or held).</summary>
    public bool HasValue => Kind is LocationKind.Memory or LocationKind.Value;
}
