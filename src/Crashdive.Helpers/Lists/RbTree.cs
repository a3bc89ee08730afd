using Crashdive.Kernel;

namespace Crashdive.Helpers.Lists;

/// <summary>Red-black trees (lib/rbtree.c): the nodes of an <c>rb_root</c> in order, bounded.</summary>
public static class RbTree
{
    /// <summary>Bound on the nodes of one tree.</summary>
    public const int MaxNodes = 1 << 22;

    /// <summary>
    /// The <c>struct rb_node</c> addresses under the root at <paramref name="root"/> (<c>struct rb_root</c>,
    /// whose first word is <c>rb_node</c>), smallest first. Throws <see cref="ListWalkException"/> when the
    /// tree is deeper or larger than any real one (a cycle).
    /// </summary>
    public static IEnumerable<ulong> Nodes(KernelProgram kernel, ulong root)
    {
        var mem = kernel.Memory;
        ulong node = mem.ReadPointer(root);
        var stack = new Stack<ulong>();
        int count = 0;
        while (node != 0 || stack.Count > 0)
        {
            while (node != 0)
            {
                if (stack.Count > 128)
                    throw new ListWalkException(root, node, "rbtree deeper than 128 levels (corrupt or cyclic)");
                stack.Push(node);
                node = mem.ReadPointer(node + 16); // rb_left (struct rb_node: __rb_parent_color, rb_right, rb_left)
            }
            node = stack.Pop();
            if (++count > MaxNodes)
                throw new ListWalkException(root, node, $"more than {MaxNodes} nodes");
            yield return node;
            node = mem.ReadPointer(node + 8); // rb_right
        }
    }
}
