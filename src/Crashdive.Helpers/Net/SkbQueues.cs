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
    /// <c>out_of_order_queue</c>), in order (skb_rbtree_walk: leftmost first, then rb_next), through the shared
    /// bounded walk: a tree deeper than any real one, an unreadable link, or more nodes than
    /// <paramref name="maxPackets"/> ends the walk with a <see cref="ListWalkException"/>.
    /// </summary>
    public static IEnumerable<ulong> WalkRbTree(KObject root, int maxPackets = MaxPackets)
    {
        ulong rbOffset = KernelList.MemberOffset(root.Kernel.Type("struct sk_buff"), "rbnode");
        foreach (ulong node in Trees.RbTreeWalk.Nodes(root.Kernel, root.Address, maxPackets))
            yield return node - rbOffset;
    }
}
