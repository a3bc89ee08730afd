using Crashdive.Helpers.Stack;

namespace Crashdive.Helpers.Net;

/// <summary>A stack word that points at an sk_buff (or at an object of an sk_buff cache that is not a live one).</summary>
/// <param name="Slot">The stack address holding the pointer.</param>
/// <param name="Skb">The pointer: the <c>struct sk_buff</c>.</param>
/// <param name="Stack">The stack the slot is on.</param>
/// <param name="Frame">Index of the backtrace frame whose stack area holds the slot (crash's <c>#N</c>), or -1 when the slot is below the deepest frame (stale data).</param>
/// <param name="Function">That frame's function (<c>name+0xoff</c>), or null.</param>
/// <param name="Cache">The slab cache of the object (<c>skbuff_head_cache</c>, <c>skbuff_fclone_cache</c>).</param>
/// <param name="Problem">Null for a live, consistent sk_buff; else why it is not one (a free object, a pointer inside an object, inconsistent fields).</param>
public sealed record StackSkb(ulong Slot, ulong Skb, StackRegion Stack, int Frame, string? Function, string Cache, string? Problem)
{
    /// <summary>True when the pointer is a live sk_buff whose fields hold together.</summary>
    public bool Valid => Problem == null;

    /// <summary>Where the pointer was found, in words: <c>#3 __skb_recv_datagram+0x92 slot ffffc9...: process stack</c>.</summary>
    public string Where => Frame >= 0
        ? $"frame #{Frame} {Function ?? "?"} stack slot 0x{Slot:x} ({Stack.Kind} stack)"
        : $"stack slot 0x{Slot:x} below the deepest frame ({Stack.Kind} stack, stale)";
}
