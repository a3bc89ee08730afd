using System.Text;
using Crashdive.Helpers.Net;
using Crashdive.Helpers.Net.Packets;
using Crashdive.Kernel;

namespace Crashdive.Commands.Net;

/// <summary>How <c>skb</c>, <c>nfqueue -e</c> and <c>skb -s</c> print an sk_buff: in full, or as one summary line.</summary>
public static class SkbDisplay
{
    /// <summary>Longest payload shown as text without <c>-x</c>.</summary>
    public const int PayloadPreview = 64;

    /// <summary>Reads and checks the sk_buff at <paramref name="address"/>; refuses a pointer that cannot be one.</summary>
    public static SkbLayout ReadChecked(KernelProgram kernel, ulong address)
    {
        SkbLayout skb;
        try
        {
            skb = SkBuffs.Read(kernel, address);
        }
        catch (Dumps.MemoryFaultException e)
        {
            throw new CommandException($"0x{address:x} is not a readable sk_buff: {e.Message}");
        }
        if (SkbChecks.Refusal(skb) is string refusal)
            throw new CommandException(refusal);
        return skb;
    }

    /// <summary>The full description of one sk_buff, with the packet's headers and payload (all bytes in hex with <paramref name="hex"/>).</summary>
    public static void Print(TextWriter o, KernelProgram kernel, SkbLayout s, bool hex)
    {
        o.Write($"SK_BUFF: {s.Address:x}\n");
        o.Write($"  len {s.Len}  data_len {s.DataLen}  truesize {s.Truesize}  users {s.Users}  protocol 0x{s.Protocol:x4}  pkt_type {s.PktType}  ip_summed {s.IpSummed}\n");
        o.Write($"  head {s.Head:x}  data {s.Data:x} (head+{s.DataOffset})  tail +{s.Tail}  end +{s.End}{(s.OffsetMode ? "" : "  (pointers)")}\n");
        o.Write($"  mac_header {Off(s.MacHeader)}  network_header {Off(s.NetworkHeader)}  transport_header {Off(s.TransportHeader)}\n");
        if (s.Encapsulation || s.InnerNetworkHeader != 0 || s.InnerTransportHeader != 0)
            o.Write($"  encapsulation {(s.Encapsulation ? 1 : 0)}  inner_mac_header {Off(s.InnerMacHeader)}  inner_network_header {Off(s.InnerNetworkHeader)}  inner_transport_header {Off(s.InnerTransportHeader)}\n");
        if (s.SharedInfoRead)
        {
            string gso = s.GsoType == 0 ? "0" : $"0x{s.GsoType:x} ({string.Join('|', GsoNames.Decode(s.GsoType))})";
            o.Write($"  shinfo {s.Head + s.End:x}  gso_size {s.GsoSize}  gso_segs {s.GsoSegs}  gso_type {gso}\n");
            o.Write($"  nr_frags {s.NrFrags}  frag_list {s.FragList:x}\n");
            for (int i = 0; i < s.Frags.Count; i++)
            {
                var f = s.Frags[i];
                o.Write($"    frag {i}: page {f.Page:x}  offset {f.Offset}  size {f.Size}{(f.Data is ulong va ? $"  ({va + f.Offset:x})" : "  (no page)")}\n");
            }
        }
        else
            o.Write($"  skb_shared_info at {s.Head + s.End:x} unreadable\n");
        if (s.VlanPresent)
            o.Write($"  vlan_proto 0x{s.VlanProto:x4}  vlan_tci 0x{s.VlanTci:x4} (vlan {s.VlanTci & 0xfff}, priority {s.VlanTci >> 13})\n");
        o.Write($"  dev {s.Dev:x}{(s.DevName.Length > 0 ? $" ({s.DevName})" : "")}  sk {s.Sk:x}  nfct {s.Nfct:x}\n");
        PrintConntrack(o, kernel, s);
        foreach (var p in SkbChecks.Check(s))
            o.Write($"  WARNING: {p.Message}\n");
        SkbPacket packet = SkbBytes.Packet(kernel, s);
        DecodedPacket d = PacketDecoder.Decode(packet.Bytes, packet.LinkType);
        o.Write($"  packet: {packet.Bytes.Length} bytes from head+{packet.StartOffset} ({(packet.LinkType == SkbPacket.Ethernet ? "Ethernet" : "IP")})\n");
        foreach (string line in d.Lines)
            o.Write($"    {line}\n");
        foreach (string note in packet.Notes)
            o.Write($"  NOTE: {note}\n");
        var payload = PacketDecoder.Payload(d, packet.Bytes);
        if (d.PayloadOffset >= 0)
            o.Write($"  payload: {payload.Length} bytes{(payload.Length > 0 && !hex ? $" \"{Escape(payload, PayloadPreview)}\"" : "")}\n");
        if (hex)
            HexDump(o, packet.Bytes);
    }

    /// <summary>
    /// The conntrack of <c>_nfct</c>: the nf_conn's protocol, both tuples, status flags, mark, use count
    /// and expiry; "untracked"; or, when there is none, whether nf_conntrack is loaded at all.
    /// </summary>
    public static void PrintConntrack(TextWriter o, KernelProgram kernel, SkbLayout s)
    {
        ulong ct = SkBuffs.Conntrack(s);
        int info = SkBuffs.ConntrackInfo(s);
        if (s.Nfct == 0)
        {
            o.Write(Conntrack.Loaded(kernel) ? "  conntrack: none\n" : "  conntrack: none (nf_conntrack is not loaded in this kernel)\n");
            return;
        }
        if (ct == 0)
        {
            o.Write($"  conntrack: {(info == Conntrack.Untracked ? "untracked" : $"none, ctinfo {Conntrack.CtInfoName(info)}")}\n");
            return;
        }
        try
        {
            ConntrackInfo c = Conntrack.Read(kernel, ct);
            o.Write($"  conntrack: nf_conn {ct:x} ({Conntrack.CtInfoName(info)})  {c.ProtocolName}  use {c.Use}{(c.Mark is uint m ? $"  mark 0x{m:x}" : "")}  timeout {c.Timeout}\n");
            o.Write($"    original {c.Original}\n");
            o.Write($"    reply    {c.Reply}\n");
            o.Write($"    status 0x{c.Status:x}{(c.StatusNames.Count > 0 ? $" ({string.Join('|', c.StatusNames)})" : "")}\n");
        }
        catch (Exception e) when (e is NetException or Dumps.MemoryFaultException or KernelObjectException)
        {
            o.Write($"  conntrack: nf_conn {ct:x} ({Conntrack.CtInfoName(info)}) unreadable: {e.Message}\n");
        }
    }

    /// <summary>One line: address, length, the innermost addresses/ports and the payload.</summary>
    public static string Summary(KernelProgram kernel, ulong address)
    {
        SkbLayout s;
        try
        {
            s = SkBuffs.Read(kernel, address);
        }
        catch (Dumps.MemoryFaultException e)
        {
            return $"{address:x}  unreadable: {e.Message}";
        }
        if (SkbChecks.Refusal(s) is string r)
            return $"{address:x}  {r}";
        SkbPacket packet = SkbBytes.Packet(kernel, s);
        DecodedPacket d = PacketDecoder.Decode(packet.Bytes, packet.LinkType);
        var payload = PacketDecoder.Payload(d, packet.Bytes);
        string proto = d.Lines.Select(l => l.Trim()).LastOrDefault(l => !l.StartsWith("options:", StringComparison.Ordinal)
            && !l.StartsWith("extension header", StringComparison.Ordinal) && !l.StartsWith("bad ", StringComparison.Ordinal)) ?? "(no headers)";
        string truncated = packet.Truncated ? $"  (truncated: {string.Join("; ", packet.Notes)})" : "";
        return $"{address:x}  len {s.Len,-5} {proto}  payload {payload.Length} \"{Escape(payload, PayloadPreview)}\"{truncated}";
    }

    /// <summary>crash-style hex dump: offset, 16 bytes in hex, then ASCII.</summary>
    public static void HexDump(TextWriter o, ReadOnlySpan<byte> bytes)
    {
        for (int at = 0; at < bytes.Length; at += 16)
        {
            var line = new StringBuilder();
            line.Append($"  {at:x4}:  ");
            int n = Math.Min(16, bytes.Length - at);
            for (int i = 0; i < 16; i++)
                line.Append(i < n ? $"{bytes[at + i]:x2} " : "   ");
            line.Append(' ');
            for (int i = 0; i < n; i++)
                line.Append(Arguments.CrashText.IsPrint(bytes[at + i]) ? (char)bytes[at + i] : '.');
            o.Write(line.ToString().TrimEnd() + "\n");
        }
    }

    /// <summary>Printable ASCII kept, the rest as <c>\xNN</c>, at most <paramref name="max"/> bytes (then <c>...</c>).</summary>
    public static string Escape(ReadOnlySpan<byte> bytes, int max)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Math.Min(bytes.Length, max); i++)
        {
            byte b = bytes[i];
            if (b == (byte)'"' || b == (byte)'\\')
                sb.Append('\\').Append((char)b);
            else if (Arguments.CrashText.IsPrint(b))
                sb.Append((char)b);
            else
                sb.Append($"\\x{b:x2}");
        }
        if (bytes.Length > max)
            sb.Append("...");
        return sb.ToString();
    }

    private static string Off(ushort v) => SkbLayout.IsSet(v) ? $"+{v}" : "unset";
}
