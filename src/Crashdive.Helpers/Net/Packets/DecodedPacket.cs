namespace Crashdive.Helpers.Net.Packets;

/// <summary>What <see cref="PacketDecoder"/> made of a packet: one line per header, and where the innermost payload is.</summary>
public sealed class DecodedPacket
{
    /// <summary>One line per header, outermost first, indented by encapsulation depth.</summary>
    public List<string> Lines { get; } = [];

    /// <summary>The headers decoded, outermost first, with their fields.</summary>
    public List<PacketLayer> Layers { get; } = [];

    /// <summary>Source address of the innermost IPv4/IPv6 header (text), or null.</summary>
    public string? SourceAddress { get; set; }

    /// <summary>Destination address of the innermost IPv4/IPv6 header (text), or null.</summary>
    public string? DestinationAddress { get; set; }

    /// <summary>The innermost transport protocol seen ("TCP", "UDP", "ICMP"...), or null.</summary>
    public string? Transport { get; set; }

    /// <summary>Source port of the innermost TCP/UDP header (host order), or -1.</summary>
    public int SourcePort { get; set; } = -1;

    /// <summary>Destination port of the innermost TCP/UDP header, or -1.</summary>
    public int DestinationPort { get; set; } = -1;

    /// <summary>Offset of the innermost payload (after the last header decoded), or -1 when no header was decoded.</summary>
    public int PayloadOffset { get; set; } = -1;

    /// <summary>Bytes of that payload the headers announce (bounded by what was captured).</summary>
    public int PayloadLength { get; set; }
}
