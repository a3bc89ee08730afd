namespace Crashdive.Helpers.Lists;

/// <summary>A list walk that had to stop: which list, at which node, and why.</summary>
public sealed class ListWalkException(ulong head, ulong node, string reason)
    : Exception($"list at 0x{head:x}: {reason} (at 0x{node:x})")
{
    /// <summary>The list's head.</summary>
    public ulong Head { get; } = head;

    /// <summary>The node where the walk stopped.</summary>
    public ulong Node { get; } = node;

    /// <summary>Why it stopped.</summary>
    public string Reason { get; } = reason;
}
