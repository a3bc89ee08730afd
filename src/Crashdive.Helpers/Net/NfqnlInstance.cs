using Crashdive.Kernel;

namespace Crashdive.Helpers.Net;

/// <summary>One NFQUEUE instance (<c>struct nfqnl_instance</c>) and the namespace it belongs to.</summary>
public sealed record NfqnlInstance
{
    /// <summary>The <c>struct net</c> it belongs to.</summary>
    public required ulong Net { get; init; }
    /// <summary>The instance itself.</summary>
    public required KObject Object { get; init; }
    /// <summary><c>queue_num</c>.</summary>
    public required int QueueNum { get; init; }
    /// <summary><c>peer_portid</c>: the netlink port id (usually the pid) of the program bound to it.</summary>
    public required uint PeerPortId { get; init; }
    /// <summary><c>copy_mode</c> (NFQNL_COPY_NONE, META, PACKET).</summary>
    public required int CopyMode { get; init; }
    /// <summary><c>copy_range</c>.</summary>
    public required uint CopyRange { get; init; }
    /// <summary><c>queue_total</c>: packets waiting for a verdict.</summary>
    public required uint QueueTotal { get; init; }
    /// <summary><c>queue_maxlen</c>.</summary>
    public required uint QueueMaxLen { get; init; }
    /// <summary><c>queue_dropped</c>.</summary>
    public required uint QueueDropped { get; init; }
    /// <summary><c>queue_user_dropped</c>.</summary>
    public required uint QueueUserDropped { get; init; }
    /// <summary><c>id_sequence</c>: the last packet id given.</summary>
    public required uint IdSequence { get; init; }
    /// <summary><c>flags</c> (NFQA_CFG_F_*).</summary>
    public required uint Flags { get; init; }

    /// <summary>The copy mode's name.</summary>
    public string CopyModeName => CopyMode switch { 0 => "NONE", 1 => "META", 2 => "PACKET", _ => CopyMode.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
