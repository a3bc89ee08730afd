using System.Buffers.Binary;
using System.Text;

namespace Crashdive.Helpers.Net.Packets;

/// <summary>
/// Writes packets as classic pcap (one link type per file; Ethernet packets are reduced to raw IP when
/// the file mixes both) or pcapng (one interface per link type, each packet's comment naming where it
/// was found). Little-endian, microsecond (pcap) or nanosecond (pcapng) timestamps.
/// </summary>
public static class PcapWriter
{
    /// <summary>Snap length written in the headers.</summary>
    public const int SnapLength = 262144;

    /// <summary>True for a file name that asks for pcapng (<c>.pcapng</c>, <c>.ntar</c>).</summary>
    public static bool WantsPcapng(string path) =>
        path.EndsWith(".pcapng", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ntar", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Creates <paramref name="path"/> (failing when it exists unless <paramref name="overwrite"/>) and writes
    /// <paramref name="records"/> in the format its extension asks for.
    /// </summary>
    public static void Write(string path, IReadOnlyList<PcapRecord> records, bool overwrite)
    {
        using var stream = new FileStream(path, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.Write);
        if (WantsPcapng(path))
            WritePcapng(stream, records);
        else
            WritePcap(stream, records);
    }

    /// <summary>Classic pcap (magic a1b2c3d4, version 2.4).</summary>
    public static void WritePcap(Stream s, IReadOnlyList<PcapRecord> records)
    {
        bool mixed = records.Select(r => r.LinkType).Distinct().Count() > 1;
        var list = mixed ? records.Select(ToRawIp).ToList() : records.ToList();
        int link = list.Count > 0 ? list[0].LinkType : 101;
        Span<byte> h = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(h, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], SnapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], (uint)link);
        s.Write(h);
        Span<byte> r = stackalloc byte[16];
        foreach (var p in list)
        {
            long ns = Math.Max(0, p.TimestampNs);
            BinaryPrimitives.WriteUInt32LittleEndian(r, (uint)(ns / 1_000_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(r[4..], (uint)(ns % 1_000_000_000 / 1000));
            BinaryPrimitives.WriteUInt32LittleEndian(r[8..], (uint)p.Bytes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(r[12..], (uint)Math.Max(p.OriginalLength, p.Bytes.Length));
            s.Write(r);
            s.Write(p.Bytes);
        }
    }

    /// <summary>pcapng: a section header, an interface per link type (nanosecond resolution), one enhanced packet block per packet.</summary>
    public static void WritePcapng(Stream s, IReadOnlyList<PcapRecord> records)
    {
        var shb = new MemoryStream();
        WriteU32(shb, 0x1a2b3c4d);
        WriteU16(shb, 1);
        WriteU16(shb, 0);
        WriteU64(shb, ulong.MaxValue); // section length unknown
        WriteOption(shb, 4, Encoding.UTF8.GetBytes("crashdive")); // shb_userappl
        WriteEnd(shb);
        Block(s, 0x0A0D0D0A, shb.ToArray());
        var interfaces = new List<int>();
        foreach (var p in records)
        {
            if (interfaces.Contains(p.LinkType))
                continue;
            interfaces.Add(p.LinkType);
            var idb = new MemoryStream();
            WriteU16(idb, (ushort)p.LinkType);
            WriteU16(idb, 0);
            WriteU32(idb, SnapLength);
            WriteOption(idb, 9, [9]); // if_tsresol: 10^-9
            WriteEnd(idb);
            Block(s, 1, idb.ToArray());
        }
        foreach (var p in records)
        {
            var epb = new MemoryStream();
            ulong ns = (ulong)Math.Max(0, p.TimestampNs);
            WriteU32(epb, (uint)interfaces.IndexOf(p.LinkType));
            WriteU32(epb, (uint)(ns >> 32));
            WriteU32(epb, (uint)ns);
            WriteU32(epb, (uint)p.Bytes.Length);
            WriteU32(epb, (uint)Math.Max(p.OriginalLength, p.Bytes.Length));
            epb.Write(p.Bytes);
            Pad(epb, p.Bytes.Length);
            if (p.Comment.Length > 0)
            {
                WriteOption(epb, 1, Encoding.UTF8.GetBytes(p.Comment));
                WriteEnd(epb);
            }
            Block(s, 6, epb.ToArray());
        }
    }

    // A classic pcap holds one link type: drop the Ethernet header (and VLAN tags) of an Ethernet packet
    // carrying IPv4/IPv6.
    private static PcapRecord ToRawIp(PcapRecord r)
    {
        if (r.LinkType != 1)
            return r;
        int at = 12;
        while (at + 2 <= r.Bytes.Length && BinaryPrimitives.ReadUInt16BigEndian(r.Bytes.AsSpan(at)) is 0x8100 or 0x88a8)
            at += 4;
        int cut = Math.Min(at + 2, r.Bytes.Length);
        return r with { Bytes = r.Bytes[cut..], LinkType = 101, OriginalLength = Math.Max(0, r.OriginalLength - cut) };
    }

    private static void Block(Stream s, uint type, byte[] body)
    {
        uint total = (uint)(body.Length + 12);
        Span<byte> h = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(h, type);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], total);
        s.Write(h);
        s.Write(body);
        s.Write(h[4..]);
    }

    private static void WriteOption(Stream s, ushort code, byte[] value)
    {
        WriteU16(s, code);
        WriteU16(s, (ushort)value.Length);
        s.Write(value);
        Pad(s, value.Length);
    }

    private static void WriteEnd(Stream s) => WriteU32(s, 0);

    private static void Pad(Stream s, int length)
    {
        for (int i = length; i % 4 != 0; i++)
            s.WriteByte(0);
    }

    private static void WriteU16(Stream s, ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        s.Write(b);
    }

    private static void WriteU32(Stream s, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        s.Write(b);
    }

    private static void WriteU64(Stream s, ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        s.Write(b);
    }
}
