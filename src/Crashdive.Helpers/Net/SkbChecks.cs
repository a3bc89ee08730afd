namespace Crashdive.Helpers.Net;

/// <summary>
/// Consistency checks on an sk_buff's metadata, the ones the debugging guides do by hand: buffer
/// pointers in order, lengths within the buffer, sane header offsets, frags adding up to data_len,
/// GSO type and encapsulation agreeing. Pure functions of <see cref="SkbLayout"/>, so they can be
/// tested on made-up values.
/// </summary>
public static class SkbChecks
{
    // LIST_POISON1/2 with x86-64's CONFIG_ILLEGAL_POINTER_VALUE (0xdead000000000000).
    private const ulong PoisonBase = 0xdead000000000000;

    // x86-64's kernel half of the canonical address space (4- and 5-level paging alike).
    private const ulong KernelHalf = 0xff00_0000_0000_0000;

    // SKB_GSO_* bits whose packets carry an outer header (include/linux/skbuff.h, stable since 4.x).
    private const uint GsoGre = 1 << 6, GsoGreCsum = 1 << 7, GsoIpxip4 = 1 << 8, GsoIpxip6 = 1 << 9,
        GsoUdpTunnel = 1 << 10, GsoUdpTunnelCsum = 1 << 11;

    /// <summary>Every problem found, fatal ones first; empty for a healthy sk_buff.</summary>
    public static IReadOnlyList<SkbProblem> Check(SkbLayout s)
    {
        var p = new List<SkbProblem>();
        void Fatal(string m) => p.Add(new SkbProblem(true, m));
        void Warn(string m) => p.Add(new SkbProblem(false, m));

        if (s.Head == 0)
            Fatal("head is NULL");
        else if (s.Head < KernelHalf)
            Fatal($"head 0x{s.Head:x} is not a kernel address");
        if (IsPoison(s.Next) || IsPoison(s.Prev))
            Fatal($"poisoned list pointer (next 0x{s.Next:x}, prev 0x{s.Prev:x}): the sk_buff was unlinked or freed");
        if (s.Head != 0 && s.Data < s.Head)
            Fatal($"data 0x{s.Data:x} is before head 0x{s.Head:x}");
        if (s.End > SkBuffs.MaxEnd)
            Fatal($"end {s.End} is past any real buffer (more than {SkBuffs.MaxEnd} bytes)");
        if (s.Tail > s.End)
            Fatal($"tail {s.Tail} is past end {s.End}");
        if (s.Head != 0 && s.Data >= s.Head && s.DataOffset > s.Tail)
            Fatal($"data (head+{s.DataOffset}) is past tail {s.Tail}");
        if (s.DataLen > s.Len)
            Fatal($"data_len {s.DataLen} is larger than len {s.Len}");
        if (s.Users < 0 || s.Users > 1 << 20)
            Fatal($"users {s.Users} is not a reference count");
        if (p.Count > 0)
            return p;

        long linear = s.LinearLength;
        if (linear != s.Len - s.DataLen)
            Warn($"linear length tail-data = {linear} differs from len-data_len = {s.Len - s.DataLen}");
        if (s.Truesize < s.Len)
            Warn($"truesize {s.Truesize} is smaller than len {s.Len}");
        CheckOffset(p, "mac_header", s.MacHeader, s);
        CheckOffset(p, "network_header", s.NetworkHeader, s);
        CheckOffset(p, "transport_header", s.TransportHeader, s);
        if (SkbLayout.IsSet(s.MacHeader) && SkbLayout.IsSet(s.NetworkHeader) && s.MacHeader > s.NetworkHeader)
            Warn($"mac_header {s.MacHeader} is after network_header {s.NetworkHeader}");
        if (SkbLayout.IsSet(s.NetworkHeader) && SkbLayout.IsSet(s.TransportHeader) && s.NetworkHeader > s.TransportHeader)
            Warn($"network_header {s.NetworkHeader} is after transport_header {s.TransportHeader}");
        if (!s.SharedInfoRead)
        {
            Warn($"skb_shared_info at head+end (0x{s.Head + s.End:x}) could not be read");
            return p;
        }
        if (s.NrFrags > s.MaxFrags)
            Warn($"nr_frags {s.NrFrags} is more than MAX_SKB_FRAGS {s.MaxFrags}");
        ulong fragBytes = 0;
        for (int i = 0; i < s.Frags.Count; i++)
        {
            var f = s.Frags[i];
            fragBytes += f.Size;
            if (f.Page == 0)
                Warn($"frag {i} has no page");
            else if (f.Data == null)
                Warn($"frag {i} page 0x{f.Page:x} is not a struct page in the vmemmap");
        }
        if (s.FragList == 0 && fragBytes != s.DataLen)
            Warn($"frags hold {fragBytes} bytes but data_len is {s.DataLen}");
        if (s.FragList != 0 && fragBytes > s.DataLen)
            Warn($"frags hold {fragBytes} bytes, more than data_len {s.DataLen}");
        if (s.GsoSize == 0 && s.GsoType != 0 && (s.GsoType & ~(1u << 1)) != 0 && s.GsoSegs > 1)
            Warn($"gso_type 0x{s.GsoType:x} and gso_segs {s.GsoSegs} with gso_size 0");
        uint tunnel = s.GsoType & (GsoGre | GsoGreCsum | GsoIpxip4 | GsoIpxip6 | GsoUdpTunnel | GsoUdpTunnelCsum);
        if (tunnel != 0 && !s.Encapsulation)
            Warn($"gso_type has tunnel bits ({string.Join('|', GsoNames.Decode(tunnel))}) but encapsulation is 0");
        if (s.Encapsulation)
        {
            if (s.InnerNetworkHeader == s.NetworkHeader && s.InnerTransportHeader == s.TransportHeader)
                Warn($"encapsulation is set but the inner header offsets equal the outer ones (network {s.NetworkHeader}, transport {s.TransportHeader})");
            CheckOffset(p, "inner_network_header", s.InnerNetworkHeader, s);
            CheckOffset(p, "inner_transport_header", s.InnerTransportHeader, s);
        }
        return p;
    }

    /// <summary>The fatal problems as one line, or null when the pointer can be an sk_buff.</summary>
    public static string? Refusal(SkbLayout s)
    {
        var fatal = Check(s).Where(x => x.Fatal).Select(x => x.Message).ToList();
        return fatal.Count == 0 ? null : $"0x{s.Address:x} is not a valid sk_buff: {string.Join("; ", fatal)}";
    }

    /// <summary>True for LIST_POISON1/2-style values (0xdead0000000001xx).</summary>
    public static bool IsPoison(ulong v) => (v & 0xffff_ffff_ffff_0000UL) == PoisonBase && (v & 0xffff) is 0x100 or 0x122;

    private static void CheckOffset(List<SkbProblem> p, string name, ushort offset, SkbLayout s)
    {
        if (SkbLayout.IsSet(offset) && offset > s.End)
            p.Add(new SkbProblem(false, $"{name} {offset} is past end {s.End}"));
    }
}
