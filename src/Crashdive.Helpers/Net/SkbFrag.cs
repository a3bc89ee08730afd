namespace Crashdive.Helpers.Net;

/// <summary>One page fragment of an sk_buff (<c>skb_frag_t</c>).</summary>
/// <param name="Page">The <c>struct page *</c> (0 when the fragment is a net_iov, not a page).</param>
/// <param name="Offset">Offset of the data in the page (<c>bv_offset</c> / <c>offset</c>).</param>
/// <param name="Size">Bytes of data (<c>bv_len</c> / <c>len</c>).</param>
/// <param name="Data">Kernel virtual address of the data (through the direct map), or null when the page has none.</param>
public sealed record SkbFrag(ulong Page, uint Offset, uint Size, ulong? Data);
