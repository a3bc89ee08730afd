namespace Crashdive.Helpers.Net;

/// <summary>What identifies a socket: family, type, protocol, TCP state and the address/port pairs.</summary>
/// <param name="Sock">The <c>struct sock</c>.</param>
/// <param name="Family">AF_* (<c>skc_family</c>).</param>
/// <param name="Type">SOCK_* (<c>sk_type</c>).</param>
/// <param name="Protocol">IPPROTO_* or the family's protocol (<c>sk_protocol</c>).</param>
/// <param name="State">TCP_* state (<c>skc_state</c>).</param>
/// <param name="LocalAddress">Bound address: 4 bytes for AF_INET, 16 for AF_INET6, empty otherwise.</param>
/// <param name="RemoteAddress">Peer address, same sizes.</param>
/// <param name="LocalPort">Local port, host order (<c>inet_sport</c>).</param>
/// <param name="RemotePort">Peer port, host order (<c>skc_dport</c>).</param>
/// <param name="RawSport"><c>inet_sport</c> as stored (network order), as crash reads it.</param>
/// <param name="RawDport"><c>skc_dport</c> as stored.</param>
public sealed record SockInfo(ulong Sock, int Family, int Type, int Protocol, int State,
    byte[] LocalAddress, byte[] RemoteAddress, int LocalPort, int RemotePort, ushort RawSport, ushort RawDport)
{
    /// <summary>AF_INET.</summary>
    public const int AfInet = 2;

    /// <summary>AF_INET6.</summary>
    public const int AfInet6 = 10;

    /// <summary>TCP state names by number (include/net/tcp_states.h).</summary>
    public static readonly string[] TcpStates =
        ["", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"];

    /// <summary>The state's name, or its number.</summary>
    public string StateName => State > 0 && State < TcpStates.Length ? TcpStates[State] : State.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
