namespace Crashdive.Helpers.Net;

/// <summary>
/// The fields of one <c>struct sk_buff</c> and its <c>skb_shared_info</c>, as read from the dump (nothing
/// here is trusted: <see cref="SkbChecks"/> says what is inconsistent). Offsets are from <see cref="Head"/>;
/// header offsets are <see cref="Unset"/> (0xffff) when the kernel has not set them.
/// </summary>
public sealed record SkbLayout
{
    /// <summary>The value of an unset header offset (<c>(typeof(skb-&gt;mac_header))~0U</c>).</summary>
    public const ushort Unset = 0xffff;

    /// <summary>The <c>struct sk_buff</c>.</summary>
    public required ulong Address { get; init; }
    /// <summary><c>head</c>: start of the linear buffer.</summary>
    public required ulong Head { get; init; }
    /// <summary><c>data</c>: start of the data, a pointer.</summary>
    public required ulong Data { get; init; }
    /// <summary><c>tail</c> as an offset from head (converted when the kernel keeps pointers).</summary>
    public required ulong Tail { get; init; }
    /// <summary><c>end</c> as an offset from head.</summary>
    public required ulong End { get; init; }
    /// <summary>True when the kernel stores tail and end as offsets (NET_SKBUFF_DATA_USES_OFFSET, 64-bit kernels).</summary>
    public required bool OffsetMode { get; init; }
    /// <summary><c>len</c>: bytes of data, linear and paged.</summary>
    public required uint Len { get; init; }
    /// <summary><c>data_len</c>: bytes in frags and frag_list.</summary>
    public required uint DataLen { get; init; }
    /// <summary><c>truesize</c>.</summary>
    public required uint Truesize { get; init; }
    /// <summary><c>users</c> reference count.</summary>
    public required int Users { get; init; }
    /// <summary><c>mac_header</c>.</summary>
    public required ushort MacHeader { get; init; }
    /// <summary><c>network_header</c>.</summary>
    public required ushort NetworkHeader { get; init; }
    /// <summary><c>transport_header</c>.</summary>
    public required ushort TransportHeader { get; init; }
    /// <summary><c>inner_mac_header</c>.</summary>
    public required ushort InnerMacHeader { get; init; }
    /// <summary><c>inner_network_header</c>.</summary>
    public required ushort InnerNetworkHeader { get; init; }
    /// <summary><c>inner_transport_header</c>.</summary>
    public required ushort InnerTransportHeader { get; init; }
    /// <summary><c>encapsulation</c> bit.</summary>
    public required bool Encapsulation { get; init; }
    /// <summary><c>protocol</c> in host order (0x0800 for IPv4).</summary>
    public required ushort Protocol { get; init; }
    /// <summary><c>pkt_type</c> (PACKET_HOST...).</summary>
    public required int PktType { get; init; }
    /// <summary><c>ip_summed</c> (CHECKSUM_NONE...).</summary>
    public required int IpSummed { get; init; }
    /// <summary><c>next</c> (queue link).</summary>
    public required ulong Next { get; init; }
    /// <summary><c>prev</c> (queue link).</summary>
    public required ulong Prev { get; init; }
    /// <summary><c>dev</c> (<c>struct net_device *</c>).</summary>
    public required ulong Dev { get; init; }
    /// <summary>Name of <see cref="Dev"/> (empty when none).</summary>
    public required string DevName { get; init; }
    /// <summary><c>sk</c> (<c>struct sock *</c>).</summary>
    public required ulong Sk { get; init; }
    /// <summary><c>_nfct</c>: the conntrack pointer with its ctinfo in the low 3 bits, 0 when none.</summary>
    public required ulong Nfct { get; init; }
    /// <summary><c>tstamp</c> in nanoseconds (0 when none).</summary>
    public required long Timestamp { get; init; }
    /// <summary>True when a VLAN tag is held out of band (<c>vlan_present</c> up to 6.1, <c>vlan_all != 0</c> after).</summary>
    public bool VlanPresent { get; init; }
    /// <summary><c>vlan_proto</c> in host order (0x8100 or 0x88a8).</summary>
    public ushort VlanProto { get; init; }
    /// <summary><c>vlan_tci</c>.</summary>
    public ushort VlanTci { get; init; }
    /// <summary><c>skb_shinfo()-&gt;gso_size</c> (null when the shared info was not read).</summary>
    public ushort GsoSize { get; init; }
    /// <summary><c>gso_segs</c>.</summary>
    public ushort GsoSegs { get; init; }
    /// <summary><c>gso_type</c> (SKB_GSO_* bits).</summary>
    public uint GsoType { get; init; }
    /// <summary><c>nr_frags</c> as stored.</summary>
    public int NrFrags { get; init; }
    /// <summary>MAX_SKB_FRAGS: the length of <c>frags[]</c> in this kernel.</summary>
    public int MaxFrags { get; init; }
    /// <summary>The fragments (at most <see cref="MaxFrags"/>).</summary>
    public IReadOnlyList<SkbFrag> Frags { get; init; } = [];
    /// <summary><c>frag_list</c>: the first sk_buff of the chained fragments, 0 when none.</summary>
    public ulong FragList { get; init; }
    /// <summary>True when <c>skb_shared_info</c> at head + end was read.</summary>
    public bool SharedInfoRead { get; init; }

    /// <summary>Offset of <see cref="Data"/> from <see cref="Head"/> (wraps when data is below head).</summary>
    public ulong DataOffset => unchecked(Data - Head);
    /// <summary>Bytes in the linear part: tail - data.</summary>
    public long LinearLength => unchecked((long)Tail - (long)DataOffset);
    /// <summary>True when <paramref name="offset"/> is a set header offset.</summary>
    public static bool IsSet(ushort offset) => offset != Unset;
}
