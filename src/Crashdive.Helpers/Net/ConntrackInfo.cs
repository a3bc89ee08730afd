namespace Crashdive.Helpers.Net;

/// <summary>A connection tracking entry (<c>struct nf_conn</c>) as read.</summary>
/// <param name="Address">The <c>struct nf_conn</c>.</param>
/// <param name="Use">Its reference count (<c>ct_general.use</c>).</param>
/// <param name="Status">IPS_* bits (<c>status</c>).</param>
/// <param name="StatusNames">The names of the bits set (IPS_ prefix dropped).</param>
/// <param name="Mark"><c>mark</c>, null when the kernel has no CONFIG_NF_CONNTRACK_MARK.</param>
/// <param name="Timeout"><c>timeout</c>: the jiffies value at which it expires.</param>
/// <param name="Original">The original direction (<c>tuplehash[IP_CT_DIR_ORIGINAL].tuple</c>).</param>
/// <param name="Reply">The reply direction (<c>tuplehash[IP_CT_DIR_REPLY].tuple</c>).</param>
public sealed record ConntrackInfo(ulong Address, long Use, ulong Status, IReadOnlyList<string> StatusNames, uint? Mark, uint Timeout,
    ConntrackTuple Original, ConntrackTuple Reply)
{
    /// <summary>The protocol's name (tcp, udp, icmp...), or its number.</summary>
    public string ProtocolName => Original.Protocol switch
    {
        1 => "icmp", 6 => "tcp", 17 => "udp", 33 => "dccp", 47 => "gre", 58 => "icmpv6", 132 => "sctp", 136 => "udplite",
        var p => p.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
