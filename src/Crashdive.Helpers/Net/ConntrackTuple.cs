namespace Crashdive.Helpers.Net;

/// <summary>One direction of a connection (<c>struct nf_conntrack_tuple</c>).</summary>
/// <param name="L3Num">Address family (<c>src.l3num</c>: 2 IPv4, 10 IPv6).</param>
/// <param name="Protocol">IPPROTO_* (<c>dst.protonum</c>).</param>
/// <param name="Source">Source address, 4 or 16 bytes in network order (<c>src.u3</c>).</param>
/// <param name="Destination">Destination address (<c>dst.u3</c>).</param>
/// <param name="SourcePort">Source port, host order (<c>src.u.all</c>); for ICMP the echo id.</param>
/// <param name="DestinationPort">Destination port, host order (<c>dst.u.all</c>); for ICMP type and code in its two bytes.</param>
public sealed record ConntrackTuple(int L3Num, int Protocol, byte[] Source, byte[] Destination, int SourcePort, int DestinationPort)
{
    /// <summary><c>10.0.0.1:1234 > 10.0.0.2:80</c> (ICMP: <c>type 8 code 0 id 5</c>).</summary>
    public override string ToString()
    {
        string src = Address(Source), dst = Address(Destination);
        if (Protocol is 1 or 58)
            return $"{src} > {dst} type {DestinationPort >> 8} code {DestinationPort & 0xff} id {SourcePort}";
        if (Protocol is 6 or 17 or 132 or 33 or 136)
            return L3Num == 10 ? $"[{src}]:{SourcePort} > [{dst}]:{DestinationPort}" : $"{src}:{SourcePort} > {dst}:{DestinationPort}";
        return $"{src} > {dst}";
    }

    private static string Address(byte[] a) => a.Length == 4 ? Packets.PacketDecoder.Ipv4Text(a) : a.Length == 16 ? Packets.PacketDecoder.Ipv6Text(a) : "?";
}
