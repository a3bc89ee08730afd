using Crashdive.Helpers.Net.Packets;

namespace Crashdive.Tests.Net;

/// <summary>The header decoder on hand-built packets: each encapsulation it claims, and truncated input.</summary>
public sealed class PacketDecoderTests
{
    private static byte[] Hex(string s) => Convert.FromHexString(s.Replace(" ", "", StringComparison.Ordinal));

    // IPv4 10.0.0.1 > 10.0.0.2 UDP 1234 > 53, payload "hi"
    private const string Ipv4Udp = "4500001e 0001 4000 4011 0000 0a000001 0a000002" + "04d2 0035 000a 0000" + "6869";

    [Fact]
    public void EthernetVlanIpv4Udp()
    {
        byte[] p = Hex("020000000002 020000000001 8100 0064 0800" + Ipv4Udp);
        var d = PacketDecoder.Decode(p, 1);
        Assert.Equal("Ethernet 02:00:00:00:00:01 > 02:00:00:00:00:02 vlan 100 pcp 0 type 0x0800 (IPv4)", d.Lines[0]);
        Assert.StartsWith("IPv4 10.0.0.1 > 10.0.0.2 proto 17 (UDP) len 30", d.Lines[1], StringComparison.Ordinal);
        Assert.Equal("UDP 1234 > 53 len 10", d.Lines[2]);
        Assert.Equal("hi", System.Text.Encoding.ASCII.GetString(PacketDecoder.Payload(d, p)));
    }

    [Fact]
    public void VxlanInnerFrameIsDecoded()
    {
        string inner = "020000000004 020000000003 0800" + Ipv4Udp;
        int udpLen = 8 + 8 + inner.Replace(" ", "", StringComparison.Ordinal).Length / 2;
        string outer = $"4500{20 + udpLen:x4} 0002 0000 4011 0000 c0a80001 c0a80002" + $"c000 12b5 {udpLen:x4} 0000" + "08000000 00002a00" + inner;
        var d = PacketDecoder.Decode(Hex(outer), 101);
        Assert.Contains("VXLAN vni 42, inner frame:", d.Lines);
        Assert.Contains("  UDP 1234 > 53 len 10", d.Lines);
        Assert.Equal(53, d.DestinationPort);
    }

    [Fact]
    public void GreAndIpipCarryInnerPackets()
    {
        var gre = PacketDecoder.Decode(Hex("45000032 0003 0000 402f 0000 c0a80001 c0a80002 0000 0800" + Ipv4Udp), 101);
        Assert.Contains(gre.Lines, l => l.StartsWith("GRE proto 0x0800", StringComparison.Ordinal));
        Assert.Contains(gre.Lines, l => l.StartsWith("  IPv4 10.0.0.1 > 10.0.0.2", StringComparison.Ordinal));
        var ipip = PacketDecoder.Decode(Hex("45000032 0003 0000 4004 0000 c0a80001 c0a80002" + Ipv4Udp), 101);
        Assert.Equal("IPIP tunnel, inner packet:", ipip.Lines[1]);
        Assert.Equal("  UDP 1234 > 53 len 10", ipip.Lines[^1]);
    }

    [Fact]
    public void Ipv6TcpWithOptions()
    {
        string tcp = "c350 0050 00000001 00000000 8002 ffff 0000 0000" + "020405b4 0103 0307 0101 0402"; // MSS, wscale 7, nop nop, sackOK
        string ip6 = "60000000 0020 0640 " + "20010db8000000000000000000000001" + "20010db8000000000000000000000002";
        var d = PacketDecoder.Decode(Hex(ip6 + tcp), 101);
        Assert.Equal("IPv6 2001:db8::1 > 2001:db8::2 next 6 (TCP) payload 32 hop-limit 64", d.Lines[0]);
        Assert.Equal("TCP 50000 > 80 [SYN] seq 1 ack 0 win 65535 hdr 32", d.Lines[1]);
        Assert.Equal("  options: mss 1460 nop wscale 7 nop nop sackOK", d.Lines[2]);
    }

    [Theory]
    [InlineData("45", 101, "IPv4: truncated (1 bytes)")]
    [InlineData("4500001e00014000401100000a0000010a000002 04d2", 101, "UDP: truncated (2 bytes)")]
    [InlineData("0200000000", 1, "Ethernet: truncated (5 bytes)")]
    [InlineData("7000", 101, "IP: version 7 is neither 4 nor 6")]
    public void TruncatedOrBogusInputSaysSo(string hex, int link, string line) =>
        Assert.Contains(line, PacketDecoder.Decode(Hex(hex), link).Lines);

    [Fact]
    public void ClassicPcapWithMixedLinkTypesFallsBackToRawIp()
    {
        byte[] eth = Hex("020000000002 020000000001 0800" + Ipv4Udp), raw = Hex(Ipv4Udp);
        var ms = new MemoryStream();
        PcapWriter.WritePcap(ms, [new PcapRecord(eth, 1, eth.Length, 0, ""), new PcapRecord(raw, 101, raw.Length, 1_500_000_000, "")]);
        byte[] f = ms.ToArray();
        Assert.Equal(101u, BitConverter.ToUInt32(f, 20));
        Assert.Equal((uint)raw.Length, BitConverter.ToUInt32(f, 24 + 8));
        Assert.Equal(raw, f[(24 + 16)..(24 + 16 + raw.Length)]);
        int second = 24 + 16 + raw.Length;
        Assert.Equal(1u, BitConverter.ToUInt32(f, second)); // 1.5 s: seconds
        Assert.Equal(500000u, BitConverter.ToUInt32(f, second + 4)); // and microseconds
    }
}
