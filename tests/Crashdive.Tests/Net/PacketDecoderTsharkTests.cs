using Crashdive.Helpers.Net.Packets;

namespace Crashdive.Tests.Net;

/// <summary>
/// The decoder's structured layers on hand-built packets (the decoder is a pure function of bytes), each
/// checked against tshark reading the same bytes from a capture file the pcap writer made, where tshark is
/// installed. Without tshark the layer values are still checked against the hand-built headers' values.
/// </summary>
public sealed class PacketDecoderTsharkTests
{
    private static byte[] Hex(string s) => Convert.FromHexString(s.Replace(" ", "", StringComparison.Ordinal));

    private const string Ipv4Udp = "4500001e 0001 4000 4011 0000 0a000001 0a000002" + "04d2 0035 000a 0000" + "6869";

    private static string Vxlan()
    {
        string inner = "020000000004 020000000003 0800" + Ipv4Udp;
        int udpLen = 8 + 8 + inner.Replace(" ", "", StringComparison.Ordinal).Length / 2;
        return $"4500{20 + udpLen:x4} 0002 0000 4011 0000 c0a80001 c0a80002" + $"c000 12b5 {udpLen:x4} 0000" + "08000000 00002a00" + inner;
    }

    // (name, link type, bytes, tshark field, our value: the decode's layers' fields joined as tshark joins repeated fields)
    public static TheoryData<string, int, string, string, string> Cases => new()
    {
        { "vlan", 1, "020000000002 020000000001 8100 6064 0800" + Ipv4Udp, "vlan.id", "VLAN.id" },
        { "vlan-pcp", 1, "020000000002 020000000001 8100 6064 0800" + Ipv4Udp, "vlan.priority", "VLAN.pcp" },
        { "qinq", 1, "020000000002 020000000001 88a8 000a 8100 0014 0800" + Ipv4Udp, "vlan.id", "VLAN@33024.id" },
        { "qinq-outer", 1, "020000000002 020000000001 88a8 000a 8100 0014 0800" + Ipv4Udp, "ieee8021ad.id", "VLAN@34984.id" },
        { "vxlan-vni", 101, Vxlan(), "vxlan.vni", "VXLAN.vni" },
        { "vxlan-ports", 101, Vxlan(), "udp.dstport", "UDP.dport" },
        { "vxlan-inner", 101, Vxlan(), "ip.dst", "IPv4.dst" },
        { "vxlan-eth", 101, Vxlan(), "eth.src", "Ethernet.src" },
        { "gre", 101, "45000032 0003 0000 402f 0000 c0a80001 c0a80002 0000 0800" + Ipv4Udp, "ip.src", "IPv4.src" },
        { "gre-proto", 101, "45000032 0003 0000 402f 0000 c0a80001 c0a80002 0000 0800" + Ipv4Udp, "gre.proto", "GRE.proto:x4" },
        { "gre-key", 101, "45000036 0003 0000 402f 0000 c0a80001 c0a80002 2000 0800 0000007b" + Ipv4Udp, "gre.key", "GRE.key:x8" },
        { "ipip", 101, "45000032 0003 0000 4004 0000 c0a80001 c0a80002" + Ipv4Udp, "ip.proto", "IPv4.proto" },
        { "ipip-ttl", 101, "45000032 0003 0000 4004 0000 c0a80001 c0a80002" + Ipv4Udp, "ip.ttl", "IPv4.ttl" },
        { "ipv6-tcp-src", 101, Ipv6Syn, "ipv6.src", "IPv6.src" },
        { "ipv6-hlim", 101, Ipv6Syn, "ipv6.hlim", "IPv6.hop_limit" },
        { "tcp-ports", 101, Ipv6Syn, "tcp.srcport", "TCP.sport" },
        { "tcp-seq", 101, Ipv6Syn, "tcp.seq_raw", "TCP.seq" },
        { "tcp-window", 101, Ipv6Syn, "tcp.window_size_value", "TCP.window" },
        { "tcp-hdr", 101, Ipv6Syn, "tcp.hdr_len", "TCP.header_len" },
        { "icmp-type", 101, Icmp, "icmp.type", "ICMP.type" },
        { "icmp-ident", 101, Icmp, "icmp.ident", "ICMP.id" },
        { "icmp-seq", 101, Icmp, "icmp.seq", "ICMP.seq" },
        { "icmpv6", 101, Icmpv6, "icmpv6.type", "ICMPv6.type" },
        { "icmpv6-id", 101, Icmpv6, "icmpv6.echo.identifier", "ICMPv6.id:x4" },
    };

    // MSS 1460, nop, wscale 7, nop nop, sackOK; SYN
    private const string Ipv6Syn = "60000000 0020 0640 20010db8000000000000000000000001 20010db8000000000000000000000002"
        + "c350 0050 00000001 00000000 8002 ffff 0000 0000 020405b4 0103 0307 0101 0402";

    // echo request id 0x1234 seq 7, 4 bytes of data
    private const string Icmp = "45000020 0009 0000 4001 0000 0a000001 0a000002 0800 0000 1234 0007 61626364";

    private const string Icmpv6 = "60000000 000c 3a40 20010db8000000000000000000000001 20010db8000000000000000000000002 8000 0000 abcd 0001 61626364";

    [Theory]
    [MemberData(nameof(Cases))]
    public void LayerFieldsEqualTsharks(string name, int link, string hex, string tsharkField, string ours)
    {
        byte[] p = Hex(hex);
        DecodedPacket d = PacketDecoder.Decode(p, link);
        // LAYER[@TPID].FIELD[:xN]: the layers of that name (VLAN tags of that TPID), printed as tshark prints the field
        string[] sel = ours.Split('.');
        string[] layer = sel[0].Split('@');
        string[] field = sel[1].Split(':');
        var values = d.Layers.Where(l => l.Name == layer[0] && (layer.Length == 1 || Equals(l["tpid"], long.Parse(layer[1], System.Globalization.CultureInfo.InvariantCulture))))
            .Select(l => l[field[0]]).Where(v => v != null)
            .Select(v => field.Length > 1 ? "0x" + ((long)v!).ToString(field[1], System.Globalization.CultureInfo.InvariantCulture) : v!.ToString()!).ToList();
        Assert.True(values.Count > 0, $"{name}: no {ours} in {string.Join(" | ", d.Lines)}");
        if (Tshark.Find() is not string tshark)
            return;
        using var dir = new Symbols.TempDirectory();
        string path = dir.File(name + ".pcap");
        using (var f = File.Create(path))
            PcapWriter.WritePcap(f, [new PcapRecord(p, link, p.Length, 0, "")]);
        var rows = Tshark.Fields(tshark, path, tsharkField);
        Assert.Single(rows);
        Assert.Equal(rows[0][0], string.Join(',', values));
    }

    [Fact]
    public void TcpOptionsAndFlagsAreTsharks()
    {
        byte[] p = Hex(Ipv6Syn);
        var tcp = PacketDecoder.Decode(p, 101).Layers.Single(l => l.Name == "TCP");
        Assert.Equal("SYN", tcp["flags"]);
        Assert.Equal("mss 1460 nop wscale 7 nop nop sackOK", tcp["options"]);
        if (Tshark.Find() is not string tshark)
            return;
        using var dir = new Symbols.TempDirectory();
        string path = dir.File("syn.pcap");
        using (var f = File.Create(path))
            PcapWriter.WritePcap(f, [new PcapRecord(p, 101, p.Length, 0, "")]);
        var row = Tshark.Fields(tshark, path, "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.sack_perm", "tcp.flags.syn", "tcp.flags.ack").Single();
        Assert.Equal("1460", row[0]);
        Assert.Equal("7", row[1]);
        Assert.NotEqual("", row[2]);
        Assert.True(row[3] is "1" or "True", row[3]);
        Assert.True(row[4] is "0" or "False", row[4]);
    }
}
