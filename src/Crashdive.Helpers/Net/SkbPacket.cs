namespace Crashdive.Helpers.Net;

/// <summary>The bytes of one packet taken from an sk_buff.</summary>
/// <param name="Bytes">The bytes read: linear part from <paramref name="StartOffset"/> to tail, then the page frags, then frag_list.</param>
/// <param name="LinkType">pcap link type: 1 (Ethernet) when the packet starts at a 14-byte MAC header, 101 (raw IP) otherwise.</param>
/// <param name="StartOffset">Offset from head where <paramref name="Bytes"/> begin (the MAC header, the network header, or data).</param>
/// <param name="OriginalLength">What the packet's length should be (headers before data plus len); more than Bytes.Length when truncated.</param>
/// <param name="Notes">Each part that could not be read (the packet is short then), and anything re-inserted (a VLAN tag held in vlan_tci).</param>
public sealed record SkbPacket(byte[] Bytes, int LinkType, ulong StartOffset, int OriginalLength, IReadOnlyList<string> Notes)
{
    /// <summary>LINKTYPE_ETHERNET.</summary>
    public const int Ethernet = 1;

    /// <summary>LINKTYPE_RAW (raw IPv4 or IPv6).</summary>
    public const int RawIp = 101;

    /// <summary>True when some part could not be read (notes may also say what was added, such as a VLAN tag).</summary>
    public bool Truncated => Bytes.Length < OriginalLength;
}
