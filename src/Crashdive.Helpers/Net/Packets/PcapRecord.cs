namespace Crashdive.Helpers.Net.Packets;

/// <summary>One packet for a capture file.</summary>
/// <param name="Bytes">The captured bytes.</param>
/// <param name="LinkType">LINKTYPE_* of the first header (1 Ethernet, 101 raw IP).</param>
/// <param name="OriginalLength">The packet's full length (more than Bytes.Length when truncated).</param>
/// <param name="TimestampNs">Nanoseconds since the epoch (0 when unknown).</param>
/// <param name="Comment">Where the packet was found (pcapng only).</param>
public sealed record PcapRecord(byte[] Bytes, int LinkType, int OriginalLength, long TimestampNs, string Comment);
