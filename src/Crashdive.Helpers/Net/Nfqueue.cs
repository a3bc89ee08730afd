using Crashdive.Helpers.Lists;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Net;

/// <summary>
/// NFQUEUE (net/netfilter/nfnetlink_queue.c): per namespace, <c>struct nfnl_queue_net</c> at
/// <c>net_generic(net, nfnl_queue_net_id)</c> hashes its <c>nfqnl_instance</c>s in <c>instance_table</c>;
/// each instance keeps its packets on <c>queue_list</c> as <c>nf_queue_entry</c>s. The types live in the
/// module's debuginfo, loaded through <see cref="ModuleDebugLoader"/>.
/// </summary>
public static class Nfqueue
{
    /// <summary>The module that implements NFQUEUE.</summary>
    public const string Module = "nfnetlink_queue";

    /// <summary>Most instances per bucket and entries per queue walked.</summary>
    public const int MaxItems = 1_000_000;

    /// <summary>Every instance in every network namespace, namespace by namespace, bucket by bucket.</summary>
    public static IEnumerable<NfqnlInstance> Instances(KernelProgram kernel)
    {
        ModuleDebugLoader.Ensure(kernel, Module);
        KObject idVar = kernel.FindVariable("nfnl_queue_net_id") ?? throw new NetException("nfnl_queue_net_id not found in nfnetlink_queue's debuginfo");
        uint id = (uint)idVar.ToUInt64();
        CType qnetType = kernel.Type("struct nfnl_queue_net");
        CType instType = kernel.Type("struct nfqnl_instance");
        foreach (KObject net in NetNamespaces.All(kernel))
        {
            ulong q = NetNamespaces.Generic(net, id);
            if (q == 0)
                continue;
            KObject table = KObject.Reference(kernel, qnetType, q).Member("instance_table");
            int buckets = table.UnderlyingType is ArrayType { Length: ulong n } ? (int)n : 16;
            for (int b = 0; b < buckets; b++)
            {
                foreach (KObject inst in KernelList.HlistEntries(kernel, table.Index(b).Address, instType, "hlist", MaxItems))
                    yield return Describe(net.Address, inst);
            }
        }
    }

    /// <summary>The queued packets of <paramref name="instance"/>, in queue order (bounded, cycle-checked).</summary>
    public static IEnumerable<NfQueueEntry> Entries(NfqnlInstance instance)
    {
        var kernel = instance.Object.Kernel;
        CType entryType = kernel.Type("struct nf_queue_entry");
        foreach (KObject e in KernelList.Entries(kernel, instance.Object.Member("queue_list").Address, entryType, "list", maxNodes: MaxItems))
        {
            KObject state = e.Member("state");
            yield return new NfQueueEntry(e.Address, (uint)e.Member("id").ToUInt64(),
                (int)state.Member("hook").ToUInt64(), (int)state.Member("pf").ToUInt64(),
                NetDevices.NameOrEmpty(state.Member("in")), NetDevices.NameOrEmpty(state.Member("out")),
                e.Member("skb").ToUInt64());
        }
    }

    private static NfqnlInstance Describe(ulong net, KObject i) => new()
    {
        Net = net,
        Object = i,
        QueueNum = (int)i.Member("queue_num").ToUInt64(),
        PeerPortId = (uint)i.Member("peer_portid").ToUInt64(),
        CopyMode = (int)i.Member("copy_mode").ToUInt64(),
        CopyRange = (uint)i.Member("copy_range").ToUInt64(),
        QueueTotal = (uint)i.Member("queue_total").ToUInt64(),
        QueueMaxLen = (uint)i.Member("queue_maxlen").ToUInt64(),
        QueueDropped = (uint)i.Member("queue_dropped").ToUInt64(),
        QueueUserDropped = (uint)i.Member("queue_user_dropped").ToUInt64(),
        IdSequence = (uint)i.Member("id_sequence").ToUInt64(),
        Flags = (uint)i.Member("flags").ToUInt64(),
    };
}
