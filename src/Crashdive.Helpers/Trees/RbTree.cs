using Crashdive.Kernel;

namespace Crashdive.Helpers.Trees;

/// <summary>
/// Red-black trees (<c>struct rb_root</c>, <c>struct rb_node</c>) walked as crash's <c>tree -t rbtree</c>
/// does: node, left subtree, right subtree, or in order (<c>-l</c>, rb_first to rb_last). Bounded, with
/// every node entered in a set so that a cycle stops the walk ("duplicate tree entry").
/// </summary>
public static class RbTree
{
    /// <summary>Most nodes visited before the tree is called corrupt.</summary>
    public const int MaxNodes = 10_000_000;

    /// <summary>Most levels below the root (a valid red-black tree of 2^64 nodes is 128 deep).</summary>
    public const int MaxDepth = 256;

    /// <summary><c>rb_root-&gt;rb_node</c> of the <c>struct rb_root</c> at <paramref name="root"/>.</summary>
    public static ulong RootNode(KernelProgram kernel, ulong root) =>
        kernel.Memory.ReadPointer(root + Offset(kernel, "rb_root", "rb_node"));

    /// <summary>
    /// The nodes of the tree whose top node is <paramref name="node"/>, with crash's positions. A child whose
    /// own left link cannot be read is reported through <paramref name="corrupt"/> (parent, child, "rb_left"
    /// or "rb_right") and skipped, as crash does.
    /// </summary>
    public static IEnumerable<TreeEntry> Walk(KernelProgram kernel, ulong node, bool inOrder, Action<ulong, ulong, string>? corrupt = null)
    {
        if (node == 0)
            yield break;
        ulong left = Offset(kernel, "rb_node", "rb_left"), right = Offset(kernel, "rb_node", "rb_right");
        var seen = new HashSet<ulong>();
        // explicit stack: (node, position, expanded) — expanded nodes are emitted on the in-order pass
        var stack = new Stack<(ulong Node, string Pos, bool Expanded)>();
        stack.Push((node, "root", false));
        while (stack.Count > 0)
        {
            var (n, pos, expanded) = stack.Pop();
            if (expanded)
            {
                yield return new TreeEntry(n, 0, pos, 0);
                continue;
            }
            if (!seen.Add(n))
                throw new TreeWalkException(n, "duplicate tree entry");
            if (seen.Count > MaxNodes)
                throw new TreeWalkException(n, $"more than {MaxNodes} nodes");
            if (pos.Length > 5 + 2 * MaxDepth)
                throw new TreeWalkException(n, $"deeper than {MaxDepth} levels");
            ulong l = Child(kernel, n, left, "rb_left", corrupt), r = Child(kernel, n, right, "rb_right", corrupt);
            if (r != 0)
                stack.Push((r, pos + "/r", false));
            if (inOrder)
            {
                stack.Push((n, pos, true));
                if (l != 0)
                    stack.Push((l, pos + "/l", false));
            }
            else
            {
                if (l != 0)
                    stack.Push((l, pos + "/l", false));
                yield return new TreeEntry(n, 0, pos, 0);
            }
        }
    }

    // crash checks that a child's own rb_left is readable before descending into it.
    private static ulong Child(KernelProgram kernel, ulong node, ulong offset, string which, Action<ulong, ulong, string>? corrupt)
    {
        if (!kernel.Memory.TryReadPointer(node + offset, out ulong child) || child == 0)
            return 0;
        if (!kernel.Memory.TryReadPointer(child + Offset(kernel, "rb_node", "rb_left"), out _))
        {
            corrupt?.Invoke(node, child, which);
            return 0;
        }
        return child;
    }

    internal static ulong Offset(KernelProgram kernel, string structName, string member) =>
        kernel.Type("struct " + structName).Underlying() is Symbols.Types.StructType s && s.FindMember(member) is { } m
            ? m.Offset : throw new KernelObjectException($"red-black trees do not exist or have changed their format");
}
