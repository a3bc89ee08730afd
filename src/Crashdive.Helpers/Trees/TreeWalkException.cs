namespace Crashdive.Helpers.Trees;

/// <summary>A tree walk that had to stop (a node seen twice, an unreadable node, a bound), naming the node.</summary>
public sealed class TreeWalkException(ulong node, string reason) : Exception($"{reason}: {node:x}")
{
    /// <summary>The node where the walk stopped.</summary>
    public ulong Node { get; } = node;

    /// <summary>Why it stopped (crash's words: "duplicate tree entry", "duplicate tree node").</summary>
    public string Reason { get; } = reason;
}
