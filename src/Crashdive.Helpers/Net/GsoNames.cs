namespace Crashdive.Helpers.Net;

/// <summary>SKB_GSO_* flag names (include/linux/skbuff.h; the bit values have been stable since 4.11).</summary>
public static class GsoNames
{
    private static readonly string[] Names =
    [
        "TCPV4", "DODGY", "TCP_ECN", "TCP_FIXEDID", "TCPV6", "FCOE", "GRE", "GRE_CSUM", "IPXIP4", "IPXIP6",
        "UDP_TUNNEL", "UDP_TUNNEL_CSUM", "PARTIAL", "TUNNEL_REMCSUM", "SCTP", "ESP", "UDP", "UDP_L4", "FRAGLIST",
    ];

    /// <summary>The names of the bits set in <paramref name="gsoType"/>; unknown bits as <c>0x...</c>.</summary>
    public static IReadOnlyList<string> Decode(uint gsoType)
    {
        var r = new List<string>();
        for (int bit = 0; bit < 32; bit++)
        {
            if ((gsoType & (1u << bit)) == 0)
                continue;
            r.Add(bit < Names.Length ? Names[bit] : $"0x{1u << bit:x}");
        }
        return r;
    }
}
