using Crashdive.Helpers.Net;

namespace Crashdive.Commands.Net;

/// <summary>crash's <c>get_sock_info</c> text: <c>FAMILY:TYPE</c> and, for INET, <c>addr-port addr-port</c>.</summary>
public static class SocketText
{
    /// <summary>The header of <c>net -s</c> on 64-bit kernels.</summary>
    public const string Header = "FD      SOCKET            SOCK       FAMILY:TYPE SOURCE-PORT DESTINATION-PORT";

    private static readonly Dictionary<int, string> Families = new()
    {
        [0] = "UNSPEC", [1] = "UNIX", [2] = "INET", [3] = "AX25", [4] = "IPX", [5] = "APPLETALK", [6] = "NETROM",
        [7] = "BRIDGE", [8] = "ATMPVC", [9] = "X25", [10] = "INET6", [11] = "ROSE", [12] = "DECnet", [13] = "NETBEUI",
        [14] = "SECURITY/KEY", [16] = "NETLINK/ROUTE", [17] = "PACKET", [18] = "ASH", [19] = "ECONET", [20] = "ATMSVC",
        [22] = "SNA", [23] = "IRDA", [24] = "PPPOX",
    };

    /// <summary>
    /// The text crash prints after the two addresses. For INET6 crash 8.0.2 reads <c>ipv6_pinfo.rcv_saddr</c>,
    /// which 6.1 no longer has, and prints no addresses; here they come from <c>skc_v6_rcv_saddr</c>/<c>skc_v6_daddr</c>
    /// in crash's format (<c>%12s </c> then the peer centred).
    /// </summary>
    public static string Describe(SockInfo s)
    {
        string family = Families.TryGetValue(s.Family, out string? f) ? f : s.Family.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string type = s.Type switch
        {
            1 => "STREAM",
            2 => "DGRAM ",
            3 => "RAW",
            4 => "RDM",
            5 => "SEQPACKET",
            10 => "PACKET",
            _ => s.Type.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        string text = $"{family}:{type} ";
        if (s.Family == SockInfo.AfInet && s.LocalAddress.Length == 4)
            text += $" {Ip4(s.LocalAddress)}-{s.LocalPort} {Ip4(s.RemoteAddress)}-{s.RemotePort}";
        else if (s.Family == SockInfo.AfInet6 && s.LocalAddress.Length == 16)
        {
            string src = Ip6Port(s.LocalAddress, s.LocalPort), dst = Ip6Port(s.RemoteAddress, s.RemotePort);
            text += $"{src,12} " + Arguments.CrashText.Center(dst, src.Length);
        }
        return text;
    }

    private static string Ip4(byte[] a) => $"{a[0]}.{a[1]}.{a[2]}.{a[3]}";

    // crash: %x:%x:%x:%x:%x:%x:%x:%x-%d, each group in host order, no zero compression.
    private static string Ip6Port(byte[] a, int port)
    {
        var groups = new string[8];
        for (int i = 0; i < 8; i++)
            groups[i] = ((a[2 * i] << 8) | a[2 * i + 1]).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        return string.Join(':', groups) + "-" + port;
    }
}
