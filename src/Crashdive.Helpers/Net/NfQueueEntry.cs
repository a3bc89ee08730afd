namespace Crashdive.Helpers.Net;

/// <summary>One packet queued to userspace (<c>struct nf_queue_entry</c>).</summary>
/// <param name="Address">The entry.</param>
/// <param name="Id">Packet id (<c>id</c>), as the program sees it.</param>
/// <param name="Hook">Netfilter hook number (<c>state.hook</c>).</param>
/// <param name="Pf">Protocol family (<c>state.pf</c>, NFPROTO_*).</param>
/// <param name="InDevice">Input device name (empty when none).</param>
/// <param name="OutDevice">Output device name (empty when none).</param>
/// <param name="Skb">The queued <c>struct sk_buff</c>.</param>
public sealed record NfQueueEntry(ulong Address, uint Id, int Hook, int Pf, string InDevice, string OutDevice, ulong Skb)
{
    /// <summary>The hook's name for the family (NF_INET_*, NF_ARP_*, NF_NETDEV_*).</summary>
    public string HookName => (Pf, Hook) switch
    {
        (3, 0) => "ARP_IN",
        (3, 1) => "ARP_OUT",
        (3, 2) => "ARP_FORWARD",
        (5, 0) => "INGRESS",
        (5, 1) => "EGRESS",
        (_, 0) => "PRE_ROUTING",
        (_, 1) => "LOCAL_IN",
        (_, 2) => "FORWARD",
        (_, 3) => "LOCAL_OUT",
        (_, 4) => "POST_ROUTING",
        (_, 5) => "INGRESS",
        _ => Hook.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The family's name (NFPROTO_*).</summary>
    public string PfName => Pf switch { 1 => "INET", 2 => "IPV4", 3 => "ARP", 5 => "NETDEV", 7 => "BRIDGE", 10 => "IPV6", _ => Pf.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
