using System.Buffers.Binary;
using System.Text;

namespace Crashdive.Helpers.Net.Packets;

public static partial class PacketDecoder
{
    private static readonly string[] TcpFlagNames = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"];

    private static void Transport(DecodedPacket d, ReadOnlySpan<byte> p, int at, int proto, int depth)
    {
        SetPayload(d, at, p.Length);
        switch (proto)
        {
            case 6: Tcp(d, p, at, depth); break;
            case 17: Udp(d, p, at, depth); break;
            case 1: Icmp(d, p, at, depth, "ICMP"); break;
            case 58: Icmp(d, p, at, depth, "ICMPv6"); break;
            case 47: Gre(d, p, at, depth); break;
            case 4:
                Layer(d, "IPIP", at, depth);
                Add(d, depth, "IPIP tunnel, inner packet:");
                Ipv4(d, p, at, depth + 1);
                break;
            case 41:
                Layer(d, "IPv6-in-IP", at, depth);
                Add(d, depth, "IPv6-in-IP tunnel, inner packet:");
                Ipv6(d, p, at, depth + 1);
                break;
        }
    }

    private static void Tcp(DecodedPacket d, ReadOnlySpan<byte> p, int at, int depth)
    {
        d.Transport = "TCP";
        if (p.Length - at < 20)
        {
            Add(d, depth, $"TCP: truncated ({p.Length - at} bytes)");
            return;
        }
        int sport = BinaryPrimitives.ReadUInt16BigEndian(p[at..]), dport = BinaryPrimitives.ReadUInt16BigEndian(p[(at + 2)..]);
        uint seq = BinaryPrimitives.ReadUInt32BigEndian(p[(at + 4)..]), ack = BinaryPrimitives.ReadUInt32BigEndian(p[(at + 8)..]);
        int doff = (p[at + 12] >> 4) * 4;
        int flags = p[at + 13];
        int window = BinaryPrimitives.ReadUInt16BigEndian(p[(at + 14)..]);
        var names = new List<string>();
        for (int i = 0; i < 8; i++)
        {
            if ((flags & (1 << i)) != 0)
                names.Add(TcpFlagNames[i]);
        }
        d.SourcePort = sport;
        d.DestinationPort = dport;
        var layer = Layer(d, "TCP", at, depth).With("sport", (long)sport).With("dport", (long)dport).With("seq", (long)seq).With("ack", (long)ack)
            .With("flags", string.Join(',', names)).With("window", (long)window).With("header_len", (long)doff);
        Add(d, depth, $"TCP {sport} > {dport} [{string.Join(',', names)}] seq {seq} ack {ack} win {window} hdr {doff}");
        if (doff < 20)
        {
            Add(d, depth, $"  bad TCP header length {doff}");
            return;
        }
        int optEnd = Math.Min(p.Length, at + doff);
        if (doff > 20)
        {
            string options = TcpOptions(p[(at + 20)..optEnd]);
            layer.With("options", options);
            Add(d, depth, "  options: " + options);
        }
        SetPayload(d, Math.Min(at + doff, p.Length), p.Length);
    }

    private static string TcpOptions(ReadOnlySpan<byte> o)
    {
        var sb = new StringBuilder();
        int i = 0;
        while (i < o.Length)
        {
            int kind = o[i];
            if (kind == 0)
            {
                sb.Append("eol ");
                break;
            }
            if (kind == 1)
            {
                sb.Append("nop ");
                i++;
                continue;
            }
            if (i + 1 >= o.Length || o[i + 1] < 2 || i + o[i + 1] > o.Length)
            {
                sb.Append("(malformed)");
                break;
            }
            int len = o[i + 1];
            var v = o.Slice(i + 2, len - 2);
            sb.Append(kind switch
            {
                2 when len == 4 => $"mss {BinaryPrimitives.ReadUInt16BigEndian(v)} ",
                3 when len == 3 => $"wscale {v[0]} ",
                4 => "sackOK ",
                5 => $"sack {(len - 2) / 8} ",
                8 when len == 10 => $"TS val {BinaryPrimitives.ReadUInt32BigEndian(v)} ecr {BinaryPrimitives.ReadUInt32BigEndian(v[4..])} ",
                30 => "mptcp ",
                34 => "tfo ",
                _ => $"opt-{kind}({len}) ",
            });
            i += len;
        }
        return sb.ToString().TrimEnd();
    }

    private static void Udp(DecodedPacket d, ReadOnlySpan<byte> p, int at, int depth)
    {
        d.Transport = "UDP";
        if (p.Length - at < 8)
        {
            Add(d, depth, $"UDP: truncated ({p.Length - at} bytes)");
            return;
        }
        int sport = BinaryPrimitives.ReadUInt16BigEndian(p[at..]), dport = BinaryPrimitives.ReadUInt16BigEndian(p[(at + 2)..]);
        int len = BinaryPrimitives.ReadUInt16BigEndian(p[(at + 4)..]);
        d.SourcePort = sport;
        d.DestinationPort = dport;
        Layer(d, "UDP", at, depth).With("sport", (long)sport).With("dport", (long)dport).With("len", (long)len);
        Add(d, depth, $"UDP {sport} > {dport} len {len}");
        int end = len >= 8 ? Math.Min(p.Length, at + len) : p.Length;
        SetPayload(d, at + 8, end);
        // VXLAN: IANA 4789 and Linux's historical default 8472; flags 0x08 = valid VNI.
        if (dport is 4789 or 8472 && end - (at + 8) >= 8 && (p[at + 8] & 0x08) != 0 && depth < MaxDepth)
        {
            int vni = (p[at + 12] << 16) | (p[at + 13] << 8) | p[at + 14];
            Layer(d, "VXLAN", at + 8, depth).With("vni", (long)vni);
            Add(d, depth, $"VXLAN vni {vni}, inner frame:");
            Ethernet(d, p[..end], at + 16, depth + 1);
        }
    }

    private static void Icmp(DecodedPacket d, ReadOnlySpan<byte> p, int at, int depth, string name)
    {
        d.Transport = name;
        if (p.Length - at < 4)
        {
            Add(d, depth, $"{name}: truncated");
            return;
        }
        int type = p[at], code = p[at + 1];
        string what = (name, type) switch
        {
            ("ICMP", 0) => " echo reply",
            ("ICMP", 3) => " destination unreachable",
            ("ICMP", 8) => " echo request",
            ("ICMP", 11) => " time exceeded",
            ("ICMPv6", 1) => " destination unreachable",
            ("ICMPv6", 128) => " echo request",
            ("ICMPv6", 129) => " echo reply",
            ("ICMPv6", 133) => " router solicitation",
            ("ICMPv6", 134) => " router advertisement",
            ("ICMPv6", 135) => " neighbor solicitation",
            ("ICMPv6", 136) => " neighbor advertisement",
            _ => "",
        };
        var icmp = Layer(d, name, at, depth).With("type", (long)type).With("code", (long)code);
        if ((name == "ICMP" ? type is 0 or 8 : type is 128 or 129) && p.Length - at >= 8)
            icmp.With("id", (long)BinaryPrimitives.ReadUInt16BigEndian(p[(at + 4)..])).With("seq", (long)BinaryPrimitives.ReadUInt16BigEndian(p[(at + 6)..]));
        Add(d, depth, $"{name} type {type}{what} code {code}");
        SetPayload(d, Math.Min(at + 8, p.Length), p.Length);
    }

    private static void Gre(DecodedPacket d, ReadOnlySpan<byte> p, int at, int depth)
    {
        if (p.Length - at < 4)
        {
            Add(d, depth, "GRE: truncated");
            return;
        }
        int flags = BinaryPrimitives.ReadUInt16BigEndian(p[at..]);
        int proto = BinaryPrimitives.ReadUInt16BigEndian(p[(at + 2)..]);
        var gre = Layer(d, "GRE", at, depth).With("proto", (long)proto).With("flags", (long)flags);
        int len = 4 + ((flags & 0x8000) != 0 ? 4 : 0) + ((flags & 0x2000) != 0 ? 4 : 0) + ((flags & 0x1000) != 0 ? 4 : 0);
        if ((flags & 0x2000) != 0 && p.Length - at >= len)
            gre.With("key", (long)BinaryPrimitives.ReadUInt32BigEndian(p[(at + 4 + ((flags & 0x8000) != 0 ? 4 : 0))..]));
        Add(d, depth, $"GRE proto 0x{proto:x4}{((flags & 0x2000) != 0 && p.Length - at >= len ? $" key {BinaryPrimitives.ReadUInt32BigEndian(p[(at + 4 + ((flags & 0x8000) != 0 ? 4 : 0))..])}" : "")}, inner packet:");
        SetPayload(d, Math.Min(at + len, p.Length), p.Length);
        if (depth >= MaxDepth)
            return;
        if (proto == 0x6558)
            Ethernet(d, p, at + len, depth + 1);
        else
            Network(d, p, at + len, proto, depth + 1);
    }
}
