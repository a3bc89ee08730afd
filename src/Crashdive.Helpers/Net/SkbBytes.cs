using Crashdive.Kernel;

namespace Crashdive.Helpers.Net;

/// <summary>
/// The bytes an sk_buff holds, in order: the linear part (head + offset .. tail), each page fragment,
/// then each sk_buff on frag_list (its data, its frags). A part that cannot be read ends the packet
/// there, with a note saying which part and where.
/// </summary>
public static class SkbBytes
{
    /// <summary>Most bytes taken from one sk_buff (a 64 KiB GSO packet and its frag_list fit).</summary>
    public const int MaxPacket = 1 << 20;

    /// <summary>Most sk_buffs followed on a frag_list.</summary>
    public const int MaxFragList = 4096;

    /// <summary>
    /// The whole packet: from the MAC header when it is set and 14 bytes before the network header
    /// (Ethernet), else from the network header, else from data. Refuses an sk_buff with fatal problems.
    /// </summary>
    public static SkbPacket Packet(KernelProgram kernel, SkbLayout skb)
    {
        if (SkbChecks.Refusal(skb) is string refusal)
            throw new NetException(refusal);
        ulong dataOff = skb.DataOffset;
        ulong start = dataOff;
        int link = SkbPacket.RawIp;
        if (SkbLayout.IsSet(skb.MacHeader) && SkbLayout.IsSet(skb.NetworkHeader) && skb.MacHeader <= skb.Tail
            && IsEthernet(kernel, skb.Head + skb.MacHeader, skb.NetworkHeader - skb.MacHeader))
        {
            start = skb.MacHeader;
            link = SkbPacket.Ethernet;
        }
        else if (SkbLayout.IsSet(skb.NetworkHeader) && skb.NetworkHeader <= skb.Tail)
            start = skb.NetworkHeader;
        var notes = new List<string>();
        var bytes = new List<byte>();
        Append(kernel, skb, start, bytes, notes, 0);
        if (link == SkbPacket.Ethernet && skb.VlanPresent && bytes.Count >= 12)
        {
            // a tag the NIC or the stack keeps out of band goes back between the addresses and the type, as
            // it is on the wire and as packet sockets show it
            bytes.InsertRange(12, [(byte)(skb.VlanProto >> 8), (byte)skb.VlanProto, (byte)(skb.VlanTci >> 8), (byte)skb.VlanTci]);
            notes.Add($"VLAN tag {skb.VlanTci & 0xfff} (proto 0x{skb.VlanProto:x4}) re-inserted from vlan_tci");
        }
        long before = (long)dataOff - (long)start + (link == SkbPacket.Ethernet && skb.VlanPresent ? 4 : 0);
        int original = (int)Math.Min(MaxPacket, Math.Max(0, before + skb.Len));
        return new SkbPacket(bytes.ToArray(), link, start, Math.Max(original, bytes.Count), notes);
    }

    /// <summary>The data only (from <c>data</c>, <c>len</c> bytes when all is readable).</summary>
    public static SkbPacket Data(KernelProgram kernel, SkbLayout skb)
    {
        if (SkbChecks.Refusal(skb) is string refusal)
            throw new NetException(refusal);
        var notes = new List<string>();
        var bytes = new List<byte>();
        Append(kernel, skb, skb.DataOffset, bytes, notes, 0);
        return new SkbPacket(bytes.ToArray(), SkbPacket.RawIp, skb.DataOffset, (int)Math.Min(skb.Len, MaxPacket), notes);
    }

    // An Ethernet header: 14 bytes, or 18/22 with one or two 802.1Q/802.1ad tags whose TPIDs are there.
    private static bool IsEthernet(KernelProgram kernel, ulong mac, int length)
    {
        if (length == 14)
            return true;
        if (length is not (18 or 22))
            return false;
        Span<byte> b = stackalloc byte[2];
        for (int at = 12; at < length - 2; at += 4)
        {
            if (!kernel.Memory.TryRead(mac + (ulong)at, b) || ((b[0] << 8) | b[1]) is not (0x8100 or 0x88a8 or 0x9100))
                return false;
        }
        return true;
    }

    private static bool Append(KernelProgram kernel, SkbLayout skb, ulong from, List<byte> bytes, List<string> notes, int depth)
    {
        if (from < skb.Tail && !ReadInto(kernel, skb.Head + from, (int)Math.Min(skb.Tail - from, MaxPacket), bytes,
                $"linear data of sk_buff 0x{skb.Address:x} at 0x{skb.Head + from:x}", notes))
            return false;
        for (int i = 0; i < skb.Frags.Count; i++)
        {
            var f = skb.Frags[i];
            if (f.Data is not ulong va)
            {
                notes.Add($"frag {i} of sk_buff 0x{skb.Address:x} (page 0x{f.Page:x}, {f.Size} bytes) has no readable page: packet truncated");
                return false;
            }
            if (!ReadInto(kernel, va + f.Offset, (int)Math.Min(f.Size, MaxPacket), bytes,
                    $"frag {i} of sk_buff 0x{skb.Address:x} (page 0x{f.Page:x} at 0x{va + f.Offset:x})", notes))
                return false;
        }
        ulong next = skb.FragList;
        for (int n = 0; next != 0 && n < MaxFragList && depth < 4; n++)
        {
            SkbLayout child;
            try
            {
                child = SkBuffs.Read(kernel, next);
            }
            catch (Dumps.MemoryFaultException e)
            {
                notes.Add($"frag_list sk_buff 0x{next:x} unreadable ({e.Message}): packet truncated");
                return false;
            }
            if (SkbChecks.Refusal(child) is string r)
            {
                notes.Add($"frag_list: {r}: packet truncated");
                return false;
            }
            if (!Append(kernel, child, child.DataOffset, bytes, notes, depth + 1))
                return false;
            next = child.Next;
        }
        return true;
    }

    private static bool ReadInto(KernelProgram kernel, ulong address, int count, List<byte> bytes, string what, List<string> notes)
    {
        count = Math.Min(count, MaxPacket - bytes.Count);
        if (count <= 0)
            return true;
        var buffer = new byte[count];
        int got = kernel.Memory.Space.Read(address, buffer);
        for (int i = 0; i < got; i++)
            bytes.Add(buffer[i]);
        if (got < count)
        {
            notes.Add($"{what}: {count - got} of {count} bytes unreadable at 0x{address + (ulong)got:x}: packet truncated");
            return false;
        }
        return true;
    }
}
