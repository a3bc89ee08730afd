using Crashdive.Helpers.Lists;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Trees;

/// <summary>
/// In-order walk of a kernel red-black tree (<c>struct rb_root</c>: <c>rb_node</c> first; each
/// <c>struct rb_node</c> is <c>__rb_parent_color</c>, <c>rb_right</c>, <c>rb_left</c>), as
/// rb_first/rb_next. Iterative with an explicit stack bounded by a depth limit, and a node count bound,
/// so a corrupt tree ends the walk with a <see cref="ListWalkException"/> instead of a hang.
/// </summary>
public static class RbTreeWalk
{
    private const ulong RightOffset = 8, LeftOffset = 16;

    /// <summary>Deepest path accepted: a valid rbtree of 2^32 nodes is at most 64 deep.</summary>
    public const int MaxDepth = 128;

    /// <summary>The <c>struct rb_node</c> addresses of the tree whose <c>rb_root</c> is at <paramref name="root"/>, smallest first.</summary>
    public static IEnumerable<ulong> Nodes(KernelProgram kernel, ulong root, int maxNodes = KernelList.DefaultMaxNodes)
    {
        var mem = kernel.Memory;
        if (!mem.TryReadPointer(root, out ulong node))
            throw new ListWalkException(root, root, $"cannot read rb_root at 0x{root:x}");
        var stack = new Stack<ulong>();
        int count = 0;
        while (node != 0 || stack.Count > 0)
        {
            while (node != 0)
            {
                if (stack.Count >= MaxDepth)
                    throw new ListWalkException(root, node, $"rbtree deeper than {MaxDepth}");
                stack.Push(node);
                if (!mem.TryReadPointer(node + LeftOffset, out node))
                    throw new ListWalkException(root, stack.Peek(), $"cannot read rb_left at 0x{stack.Peek() + LeftOffset:x}");
            }
            ulong current = stack.Pop();
            if (++count > maxNodes)
                throw new ListWalkException(root, current, $"more than {maxNodes} rbtree nodes");
            yield return current;
            if (!mem.TryReadPointer(current + RightOffset, out node))
                throw new ListWalkException(root, current, $"cannot read rb_right at 0x{current + RightOffset:x}");
        }
    }
}
