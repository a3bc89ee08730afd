using Crashdive.Symbols.Types;

namespace Crashdive.Symbols;

/// <summary>A function with code: its type (return and parameters), entry address and size (link-time, unrelocated).</summary>
/// <param name="Name">The function's name.</param>
/// <param name="Type">Its type.</param>
/// <param name="Address">Entry address, or null when the function was only inlined.</param>
/// <param name="Size">Bytes of code at the entry address, or null when unknown.</param>
/// <param name="DieKey">The DIE it was found at.</param>
public sealed record Function(string Name, FunctionType Type, ulong? Address, ulong? Size, ulong DieKey);
