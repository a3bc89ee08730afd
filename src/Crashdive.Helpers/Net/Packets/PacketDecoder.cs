using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Crashdive.Helpers.Net.Packets;

/// <summary>
/// Decodes packet headers from bytes, as far as the bytes go: Ethernet with 802.1Q/802.1ad tags, IPv4
/// (options), IPv6 (extension headers), TCP (flags, options), UDP, ICMP/ICMPv6, and tunnels: VXLAN
/// (UDP 4789/8472), GRE, IPIP and IPv6-in-IPv4, decoded into their inner packets. Nothing here trusts
/// a length field beyond the bytes captured; every header short of its minimum size says so.
/// </summary>
public static partial class PacketDecoder
{
    private const int MaxDepth = 4;

    /// <summary>Decodes <paramref name="packet"/> starting with the header <paramref name="linkType"/> names (1 Ethernet, 101 raw IP).</summary>
    public static DecodedPacket Decode(ReadOnlySpan<byte> packet, int linkType)
    {
        var d = new DecodedPacket();
        if (linkType == 1)
            Ethernet(d, packet, 0, 0);
        else
            RawIp(d, packet, 0, 0);
        return d;
    }

    private static string Indent(int depth) => new(' ', depth * 2);

    private static void Add(DecodedPacket d, int depth, string line) => d.Lines.Add(Indent(depth) + line);

    private static PacketLayer Layer(DecodedPacket d, string name, int at, int depth)
    {
        var layer = new PacketLayer(name, at, depth);
        d.Layers.Add(layer);
        return layer;
    }

    private static void Ethernet(DecodedPacket d, ReadOnlySpan<byte> p, int at, int depth)
    {
        if (p.Length - at < 14)
        {
            Add(d, depth, $"Ethernet: truncated ({p.Length - at} bytes)");
            return;
        }
        string dst = Mac(p.Slice(at, 6)), src = Mac(p.Slice(at + 6, 6));
        int type = BinaryPrimitives.ReadUInt16BigEndian(p[(at + 12)..]);
        var eth = Layer(d, "Ethernet", at, depth).With("src", src).With("dst", dst);
        at += 14;
        var sb = new StringBuilder($"Ethernet {src} > {dst}");
        // 802.1Q (0x8100), 802.1ad (0x88a8) and the old QinQ 0x9100: each tag is TCI then the next type.
        for (int tags = 0; type is 0x8100 or 0x88a8 or 0x9100 && tags < 8; tags++)
        {
            if (p.Length - at < 4)
            {
                Add(d, depth, sb + $" vlan: truncated");
                return;
            }
            int tci = BinaryPrimitives.ReadUInt16BigEndian(p[at..]);
            Layer(d, "VLAN", at - 2, depth).With("tpid", (long)type).With("id", (long)(tci & 0xfff)).With("pcp", (long)(tci >> 13))
                .With("dei", (long)((tci >> 12) & 1)).With("type", (long)BinaryPrimitives.ReadUInt16BigEndian(p[(at + 2)..]));
            sb.Append(CultureInfo.InvariantCulture, $" vlan {tci & 0xfff} pcp {tci >> 13}{(type == 0x88a8 ? " (802.1ad)" : "")}");
            type = BinaryPrimitives.ReadUInt16BigEndian(p[(at + 2)..]);
            at += 4;
        }
        eth.With("type", (long)type);
        sb.Append(CultureInfo.InvariantCulture, $" type 0x{type:x4}{EtherTypeName(type)}");
        Add(d, depth, sb.ToString());
        d.PayloadOffset = at;
        d.PayloadLength = p.Length - at;
        Network(d, p, at, type, depth);
    }

    private static void Network(DecodedPacket d, ReadOnlySpan<byte> p, int at, int etherType, int depth)
    {
        switch (etherType)
        {
            case 0x0800: Ipv4(d, p, at, depth); break;
            case 0x86dd: Ipv6(d, p, at, depth); break;
            case 0x0806:
                Layer(d, "ARP", at, depth);
                Add(d, depth, "ARP");
                break;
        }
    }

    private static void RawIp(DecodedPacket d, ReadOnlySpan<byte> p, int at, int depth)
    {
        if (p.Length - at < 1)
        {
            Add(d, depth, "IP: no bytes");
            return;
        }
        switch (p[at] >> 4)
        {
            case 4: Ipv4(d, p, at, depth); break;
            case 6: Ipv6(d, p, at, depth); break;
            default: Add(d, depth, $"IP: version {p[at] >> 4} is neither 4 nor 6"); break;
        }
    }

    private static void Ipv4(DecodedPacket d, ReadOnlySpan<byte> p, int at, int depth)
    {
        if (depth > MaxDepth)
            return;
        if (p.Length - at < 20)
        {
            Add(d, depth, $"IPv4: truncated ({p.Length - at} bytes)");
            return;
        }
        int ihl = (p[at] & 0xf) * 4;
        int total = BinaryPrimitives.ReadUInt16BigEndian(p[(at + 2)..]);
        int id = BinaryPrimitives.ReadUInt16BigEndian(p[(at + 4)..]);
        int frag = BinaryPrimitives.ReadUInt16BigEndian(p[(at + 6)..]);
        int ttl = p[at + 8], proto = p[at + 9];
        string src = Ipv4Text(p.Slice(at + 12, 4)), dst = Ipv4Text(p.Slice(at + 16, 4));
        Layer(d, "IPv4", at, depth).With("src", src).With("dst", dst).With("proto", (long)proto).With("len", (long)total)
            .With("ihl", (long)ihl).With("id", (long)id).With("ttl", (long)ttl).With("df", (frag & 0x4000) != 0).With("mf", (frag & 0x2000) != 0)
            .With("frag_offset", (long)((frag & 0x1fff) * 8));
        d.SourceAddress = src;
        d.DestinationAddress = dst;
        string flags = ((frag & 0x4000) != 0 ? " DF" : "") + ((frag & 0x2000) != 0 ? " MF" : "") + ((frag & 0x1fff) != 0 ? $" frag-offset {(frag & 0x1fff) * 8}" : "");
        Add(d, depth, $"IPv4 {src} > {dst} proto {proto}{ProtoName(proto)} len {total} ihl {ihl} id {id} ttl {ttl}{flags}"
            + (ihl > 20 ? $" options {ihl - 20} bytes" : ""));
        if (ihl < 20)
        {
            Add(d, depth, $"  bad IPv4 header length {ihl}");
            return;
        }
        int end = Math.Min(p.Length, at + Math.Max(total, ihl));
        if (total < ihl)
            end = p.Length; // TSO packets carry 0 here; take what was captured
        if ((frag & 0x1fff) != 0)
        {
            SetPayload(d, at + ihl, end);
            return;
        }
        Transport(d, p[..end], at + ihl, proto, depth);
    }

    private static void Ipv6(DecodedPacket d, ReadOnlySpan<byte> p, int at, int depth)
    {
        if (depth > MaxDepth)
            return;
        if (p.Length - at < 40)
        {
            Add(d, depth, $"IPv6: truncated ({p.Length - at} bytes)");
            return;
        }
        int plen = BinaryPrimitives.ReadUInt16BigEndian(p[(at + 4)..]);
        int next = p[at + 6], hop = p[at + 7];
        string src = Ipv6Text(p.Slice(at + 8, 16)), dst = Ipv6Text(p.Slice(at + 24, 16));
        Layer(d, "IPv6", at, depth).With("src", src).With("dst", dst).With("next", (long)next).With("payload_len", (long)plen)
            .With("hop_limit", (long)hop).With("traffic_class", (long)((BinaryPrimitives.ReadUInt16BigEndian(p[at..]) >> 4) & 0xff))
            .With("flow_label", (long)(BinaryPrimitives.ReadUInt32BigEndian(p[at..]) & 0xfffff));
        d.SourceAddress = src;
        d.DestinationAddress = dst;
        Add(d, depth, $"IPv6 {src} > {dst} next {next}{ProtoName(next)} payload {plen} hop-limit {hop}");
        int end = plen == 0 ? p.Length : Math.Min(p.Length, at + 40 + plen);
        int off = at + 40;
        // Hop-by-hop (0), routing (43), destination options (60): 8-byte units after the first 8; fragment (44): 8 bytes.
        for (int n = 0; next is 0 or 43 or 60 or 44 && n < 8; n++)
        {
            if (end - off < 8)
            {
                Add(d, depth, "  extension header truncated");
                return;
            }
            int len = next == 44 ? 8 : (p[off + 1] + 1) * 8;
            Add(d, depth, $"  extension header {next}{ProtoName(next)} {len} bytes");
            Layer(d, "IPv6-ext", off, depth).With("type", (long)next).With("len", (long)len);
            if (next == 44 && (BinaryPrimitives.ReadUInt16BigEndian(p[(off + 2)..]) & 0xfff8) != 0)
            {
                SetPayload(d, off + 8, end);
                return;
            }
            next = p[off];
            off += len;
        }
        Transport(d, p[..Math.Min(p.Length, Math.Max(end, off))], off, next, depth);
    }

    private static void SetPayload(DecodedPacket d, int at, int end)
    {
        d.PayloadOffset = at;
        d.PayloadLength = Math.Max(0, end - at);
    }

    /// <summary>The payload <paramref name="d"/> points at (empty when none was found).</summary>
    public static ReadOnlySpan<byte> Payload(DecodedPacket d, ReadOnlySpan<byte> packet) =>
        d.PayloadOffset < 0 || d.PayloadOffset > packet.Length ? [] : packet.Slice(d.PayloadOffset, Math.Min(d.PayloadLength, packet.Length - d.PayloadOffset));

    private static string Mac(ReadOnlySpan<byte> b) => string.Join(':', b.ToArray().Select(x => x.ToString("x2", CultureInfo.InvariantCulture)));

    /// <summary>Dotted-quad text of 4 bytes in network order.</summary>
    public static string Ipv4Text(ReadOnlySpan<byte> b) => $"{b[0]}.{b[1]}.{b[2]}.{b[3]}";

    /// <summary>RFC 5952 text of 16 bytes in network order.</summary>
    public static string Ipv6Text(ReadOnlySpan<byte> b) => new System.Net.IPAddress(b).ToString();

    private static string EtherTypeName(int t) => t switch
    {
        0x0800 => " (IPv4)",
        0x86dd => " (IPv6)",
        0x0806 => " (ARP)",
        0x8847 => " (MPLS)",
        0x88cc => " (LLDP)",
        _ => "",
    };

    private static string ProtoName(int p) => p switch
    {
        0 => " (HOPOPT)",
        1 => " (ICMP)",
        2 => " (IGMP)",
        4 => " (IPIP)",
        6 => " (TCP)",
        17 => " (UDP)",
        41 => " (IPv6)",
        43 => " (ROUTING)",
        44 => " (FRAGMENT)",
        47 => " (GRE)",
        50 => " (ESP)",
        58 => " (ICMPv6)",
        60 => " (DSTOPTS)",
        132 => " (SCTP)",
        _ => "",
    };
}
