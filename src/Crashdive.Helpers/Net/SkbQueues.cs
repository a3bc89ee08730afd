using Crashdive.Helpers.Lists;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Net;

/// <summary><c>struct sk_buff_head</c> queues: a circular list of sk_buffs through their first two words.</summary>
public static class SkbQueues
{
    /// <summary>Most sk_buffs a queue walk yields.</summary>
    public const int MaxPackets = 1_000_000;

    /// <summary><c>qlen</c> of the queue <paramref name="head"/> (<c>struct sk_buff_head</c>).</summary>
    public static uint Length(KObject head) => (uint)head.Member("qlen").ToUInt64();

    /// <summary>
    /// skb_queue_walk: the <c>struct sk_buff</c> addresses on <paramref name="head"/>, bounded and cycle-checked;
    /// a poisoned or unreadable link ends the walk with a <see cref="ListWalkException"/> after what was read.
    /// <c>sk_buff.next</c> and <c>sk_buff_head.next</c> are both the first word, so the queue walks as a list_head.
    /// </summary>
    public static IEnumerable<ulong> Walk(KObject head, int maxPackets = MaxPackets) =>
        KernelList.Nodes(head.Kernel, head.Address, maxNodes: maxPackets);

    /// <summary>
    /// The sk_buffs of an rb-tree queue (<c>struct rb_root</c>: TCP's <c>tcp_rtx_queue</c> and
    /// <c>out_of_order_queue</c>), in order (skb_rbtree_walk: leftmost first, then rb_next), bounded; a
    /// parent chain that loops, or more nodes than <paramref name="maxPackets"/>, ends the walk with a
    /// <see cref="ListWalkException"/>.
    /// </summary>
    public static IEnumerable<ulong> WalkRbTree(KObject root, int maxPackets = MaxPackets)
    {
        var kernel = root.Kernel;
        var mem = kernel.Memory;
        ulong rbOffset = KernelList.MemberOffset(kernel.Type("struct sk_buff"), "rbnode");
        ulong node = mem.ReadPointer(root.Address); // rb_root.rb_node
        if (node == 0)
            yield break;
        // leftmost
        for (int depth = 0; ; depth++)
        {
            if (depth > 128)
                throw new ListWalkException(root.Address, node, "rb-tree deeper than 128 levels");
            ulong left = mem.ReadPointer(node + 16); // rb_left
            if (left == 0)
                break;
            node = left;
        }
        for (int count = 0; node != 0; count++)
        {
            if (count >= maxPackets)
                throw new ListWalkException(root.Address, node, $"more than {maxPackets} sk_buffs");
            yield return node - rbOffset;
            node = Next(mem, root.Address, node);
        }
    }

    // rb_next: the leftmost node of the right subtree, else the first ancestor we reach from its left.
    // struct rb_node { unsigned long __rb_parent_color; struct rb_node *rb_right, *rb_left; }
    private static ulong Next(Memory.MemoryReader mem, ulong root, ulong node)
    {
        ulong right = mem.ReadPointer(node + 8);
        if (right != 0)
        {
            node = right;
            for (int depth = 0; ; depth++)
            {
                if (depth > 128)
                    throw new ListWalkException(root, node, "rb-tree deeper than 128 levels");
                ulong left = mem.ReadPointer(node + 16);
                if (left == 0)
                    return node;
                node = left;
            }
        }
        for (int depth = 0; depth <= 128; depth++)
        {
            ulong parent = mem.ReadPointer(node) & ~3UL;
            if (parent == 0)
                return 0;
            if (mem.ReadPointer(parent + 8) != node)
                return parent;
            node = parent;
        }
        throw new ListWalkException(root, node, "rb-tree parent chain deeper than 128 levels");
    }
}
