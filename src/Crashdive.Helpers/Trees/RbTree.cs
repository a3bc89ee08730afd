using Crashdive.Helpers.Lists;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Trees;

/// <summary>
/// Red-black trees (<c>lib/rbtree.c</c>): an in-order walk from <c>struct rb_root</c> (or
/// <c>rb_root_cached</c>, whose first member is the root), smallest first, as rb_first/rb_next.
/// The walk keeps its own stack, bounded in depth and node count, so a corrupt tree ends with a
/// <see cref="ListWalkException"/> rather than a hang.
/// </summary>
public static class RbTree
{
    /// <summary>Deepest path accepted: a red-black tree of 2^32 nodes is at most 64 deep.</summary>
    public const int MaxDepth = 128;

    /// <summary>The <c>struct rb_node</c> addresses of the tree whose <c>rb_root</c> is at <paramref name="root"/>.</summary>
    public static IEnumerable<ulong> Nodes(KernelProgram kernel, ulong root, int maxNodes = KernelList.DefaultMaxNodes)
    {
        // Offsets from the debuginfo: struct rb_node { __rb_parent_color; rb_right; rb_left; }.
        CType nodeType = kernel.Type("struct rb_node");
        ulong right = KernelList.MemberOffset(nodeType, "rb_right");
        ulong left = KernelList.MemberOffset(nodeType, "rb_left");
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
                if (!mem.TryReadPointer(node + left, out node))
                    throw new ListWalkException(root, stack.Peek(), $"cannot read rb_left at 0x{stack.Peek() + left:x}");
            }
            ulong current = stack.Pop();
            if (++count > maxNodes)
                throw new ListWalkException(root, current, $"more than {maxNodes} rbtree nodes");
            yield return current;
            if (!mem.TryReadPointer(current + right, out node))
                throw new ListWalkException(root, current, $"cannot read rb_right at 0x{current + right:x}");
        }
    }

    /// <summary>rbtree_for_each_entry in order: the <paramref name="type"/> holding each node as <paramref name="member"/>.</summary>
    public static IEnumerable<KObject> Entries(KernelProgram kernel, ulong root, CType type, string member, int maxNodes = KernelList.DefaultMaxNodes)
    {
        ulong offset = KernelList.MemberOffset(type, member);
        foreach (ulong node in Nodes(kernel, root, maxNodes))
            yield return KObject.Reference(kernel, type, unchecked(node - offset));
    }
}
