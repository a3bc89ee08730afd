using Crashdive.Helpers.Lists;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Devices;

/// <summary>One disk's in-progress I/O, as crash's <c>dev -d</c> counts it.</summary>
/// <param name="Gendisk">The <c>struct gendisk</c>.</param>
/// <param name="Major">Its major number.</param>
/// <param name="Name">Its <c>disk_name</c>.</param>
/// <param name="Queue">Its <c>struct request_queue *</c>.</param>
/// <param name="Reads">In-flight reads (or asynchronous requests on old kernels).</param>
/// <param name="Writes">In-flight writes (or synchronous requests).</param>
/// <param name="IsMq">The queue is blk-mq (<c>mq_ops</c> set).</param>
/// <param name="DriverInFlight">The queue's <c>in_flight</c> count, when the kernel has it and the queue is not blk-mq.</param>
public readonly record struct DiskIoStats(ulong Gendisk, int Major, string Name, ulong Queue, long Reads, long Writes, bool IsMq, uint? DriverInFlight);

/// <summary>
/// The disks of the block class (its <c>subsys_private.klist_devices</c>, devices whose type is
/// <c>disk_type</c>) and their in-flight requests: for blk-mq queues the requests in flight on this
/// queue among the busy tags of every hardware context's sbitmaps (crash's replica of
/// <c>blk_mq_queue_tag_busy_iter()</c>), else the per-cpu <c>in_flight</c> counters. Every walk is bounded.
/// </summary>
public static class DiskIo
{
    /// <summary>Most devices of the block class visited.</summary>
    public const int MaxDevices = 1 << 20;

    /// <summary>Most tags of one sbitmap looked at.</summary>
    public const int MaxDepth = 1 << 20;

    /// <summary>crash's <c>skipped_disk_name</c>: disks whose name starts so are not listed.</summary>
    private static readonly string[] Skipped = ["ram", "loop"];

    /// <summary>True when the kernel's <c>request_queue</c> has <c>in_flight</c> (crash's DRV column).</summary>
    public static bool HasDriverInFlight(KernelProgram kernel) =>
        kernel.Type("struct request_queue").Underlying() is StructType s && s.HasMember("in_flight");

    /// <summary>True when the kernel counts synchronous and asynchronous requests (the <c>BLK_RW_SYNC</c> enumerator, before 5.18).</summary>
    public static bool CountsSync(KernelProgram kernel) => kernel.Vmlinux?.FindEnumerator("BLK_RW_SYNC") is not null;

    /// <summary>Every disk of the block class, in the class's order, except ram and loop disks.</summary>
    public static List<DiskIoStats> All(KernelProgram kernel)
    {
        ulong head = KlistHead(kernel);
        ulong diskType = kernel.SymbolAddress("disk_type") ?? throw new KernelObjectException("disk_type: symbol does not exist");
        CType nodeType = kernel.Type("struct klist_node");
        CType privType = kernel.Type("struct device_private");
        CType deviceType = kernel.Type("struct device");
        CType bdevType = kernel.Type("struct block_device");
        CType gendiskType = kernel.Type("struct gendisk");
        ulong nNode = KernelList.MemberOffset(nodeType, "n_node");
        ulong knodeClass = KernelList.MemberOffset(privType, "knode_class");
        ulong bdDevice = KernelList.MemberOffset(bdevType, "bd_device");
        var list = new List<DiskIoStats>();
        foreach (ulong node in KernelList.Nodes(kernel, head, maxNodes: MaxDevices))
        {
            KObject kn = KObject.Reference(kernel, nodeType, node - nNode);
            if ((kn.Member("n_klist").ToUInt64() & 1) != 0)
                continue; // a dead klist node
            KObject priv = KObject.Reference(kernel, privType, kn.Address - knodeClass);
            ulong dev = priv.Member("device").ToUInt64();
            if (dev == 0 || KObject.Reference(kernel, deviceType, dev).Member("type").ToUInt64() != diskType)
                continue;
            // 5.11+: a disk's device is its part0 block_device's bd_device
            ulong disk = KObject.Reference(kernel, bdevType, dev - bdDevice).Member("bd_disk").ToUInt64();
            if (disk == 0)
                continue;
            KObject g = KObject.Reference(kernel, gendiskType, disk);
            string name = g.Member("disk_name").ReadString(32);
            if (Array.Exists(Skipped, s => name.StartsWith(s, StringComparison.Ordinal)))
                continue;
            ulong queue = g.Member("queue").ToUInt64();
            int major = (int)g.Member("major").ToInt64();
            KObject q = KObject.Reference(kernel, kernel.Type("struct request_queue"), queue);
            bool mq = q.HasMember("mq_ops") && q.Member("mq_ops").ToUInt64() != 0;
            var (reads, writes) = mq ? MqInFlight(kernel, q) : StatsInFlight(kernel, g);
            uint? drv = !mq && q.HasMember("in_flight") ? (uint)q.Member("in_flight").ToUInt64() : null;
            list.Add(new DiskIoStats(disk, major, name, queue, reads, writes, mq, drv));
        }
        return list;
    }

    /// <summary>The <c>list_head</c> of the block class's device klist.</summary>
    private static ulong KlistHead(KernelProgram kernel)
    {
        KObject blockClass = kernel.Variable("block_class");
        ulong priv;
        if (blockClass.HasMember("p"))
        {
            priv = blockClass.Member("p").ToUInt64();
        }
        else
        {
            // 6.4+: the class's subsys_private is found by name among class_kset's kobjects
            priv = 0;
            KObject kset = kernel.Variable("class_kset").Deref();
            CType kobjType = kernel.Type("struct kobject");
            CType privType = kernel.Type("struct subsys_private");
            foreach (KObject kobj in KernelList.Entries(kernel, kset.Member("list").Address, kobjType, "entry", maxNodes: MaxDevices))
            {
                ulong name = kobj.Member("name").ToUInt64();
                if (name != 0 && kernel.Memory.TryReadCString(name, 64) == "block")
                {
                    priv = kobj.ContainerOf(privType, "subsys.kobj").Address;
                    break;
                }
            }
        }
        if (priv == 0)
            throw new KernelObjectException("cannot determine subsys_private for block.");
        return KObject.Reference(kernel, kernel.Type("struct subsys_private"), priv).Member("klist_devices.k_list").Address;
    }

    /// <summary>Reads and writes counted by the per-cpu <c>disk_stats.in_flight</c> of the disk's part0.</summary>
    private static (long, long) StatsInFlight(KernelProgram kernel, KObject g)
    {
        KObject part0 = g.Member("part0");
        KObject stats = part0.UnderlyingType is PointerType ? part0.Member("bd_stats") : part0.Member("dkstats");
        CType statsType = ((PointerType)stats.UnderlyingType).Target;
        if (statsType.Underlying() is not StructType st || !st.HasMember("in_flight"))
            return (0, 0);
        long r = 0, w = 0;
        int cpus = Sched.Runqueues.CpuCount(kernel);
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            KObject s = KObject.Reference(kernel, statsType, stats.ToUInt64() + kernel.PerCpuOffset(cpu));
            r += s.Member("in_flight").Index(0).ToInt64();
            w += s.Member("in_flight").Index(1).ToInt64();
        }
        return (r, w);
    }

    /// <summary>
    /// Requests of queue <paramref name="q"/> in flight (<c>state == MQ_RQ_IN_FLIGHT</c>) among the set bits of
    /// its hardware contexts' tag bitmaps (or of the tag set's shared tags), split by direction
    /// (<c>op_is_write</c>: the low bit of the operation).
    /// </summary>
    private static (long, long) MqInFlight(KernelProgram kernel, KObject q)
    {
        var counts = new long[2];
        if (!kernel.Type("struct request").Underlying().HasMemberNamed("state"))
            return CtxInFlight(kernel, q);
        var hctxs = new List<ulong>();
        if (q.HasMember("hctx_table"))
        {
            foreach (var e in Trees.XArray.Walk(kernel, Trees.XArray.Head(kernel, q.Member("hctx_table").Address)))
                hctxs.Add(e.Value);
        }
        else
        {
            uint n = (uint)q.Member("nr_hw_queues").ToUInt64();
            ulong array = q.Member("queue_hw_ctx").ToUInt64();
            for (uint i = 0; i < Math.Min(n, 4096u); i++)
                hctxs.Add(kernel.Memory.ReadPointer(array + i * 8));
        }
        KObject set = q.Member("tag_set").Deref();
        long shared = kernel.Vmlinux?.FindEnumerator("BLK_MQ_F_TAG_HCTX_SHARED") is { } en ? (long)en.Enumerator.UnsignedValue : 0;
        if ((set.Member("flags").ToInt64() & shared) != 0 && set.HasMember("shared_tags"))
        {
            Tags(kernel, q.Address, set.Member("shared_tags"), counts);
            return (counts[0], counts[1]);
        }
        CType hctxType = kernel.Type("struct blk_mq_hw_ctx");
        foreach (ulong h in hctxs)
        {
            if (!Tags(kernel, q.Address, KObject.Reference(kernel, hctxType, h).Member("tags"), counts))
                break;
        }
        return (counts[0], counts[1]);
    }

    private static bool HasMemberNamed(this CType t, string name) => t is StructType s && s.HasMember(name);

    /// <summary>One <c>struct blk_mq_tags *</c>: its reserved tags, then its normal tags.</summary>
    private static bool Tags(KernelProgram kernel, ulong queue, KObject tagsPointer, long[] counts)
    {
        try
        {
            ulong t = tagsPointer.ToUInt64();
            if (t == 0)
                return false;
            KObject tags = tagsPointer.Deref();
            uint reserved = (uint)tags.Member("nr_reserved_tags").ToUInt64();
            ulong rqs = tags.Member("rqs").ToUInt64();
            if (reserved != 0)
                Bitmap(kernel, Sbq(tags.Member("breserved_tags")), rqs, 0, queue, counts);
            Bitmap(kernel, Sbq(tags.Member("bitmap_tags")), rqs, reserved, queue, counts);
            return true;
        }
        catch (Dumps.MemoryFaultException)
        {
            return false;
        }
    }

    private static KObject Sbq(KObject member) => member.UnderlyingType is PointerType ? member.Deref() : member;

    /// <summary>crash's <c>sbitmap_for_each_set()</c> over <c>sbq.sb</c>, each set and not cleared bit a tag.</summary>
    private static void Bitmap(KernelProgram kernel, KObject sbq, ulong rqs, uint tagOffset, ulong queue, long[] counts)
    {
        KObject sb = sbq.Member("sb");
        uint depth = (uint)Math.Min(sb.Member("depth").ToUInt64(), MaxDepth);
        int shift = (int)(sb.Member("shift").ToUInt64() & 63);
        uint mapNr = (uint)sb.Member("map_nr").ToUInt64();
        ulong map = sb.Member("map").ToUInt64();
        CType wordType = ((PointerType)sb.Member("map").UnderlyingType).Target;
        ulong wordSize = wordType.Size ?? 0;
        bool hasCleared = wordType.Underlying().HasMemberNamed("cleared");
        if (mapNr == 0 || map == 0 || shift >= 32)
            return;
        CType requestType = kernel.Type("struct request");
        uint scanned = 0;
        for (uint index = 0; scanned < depth; index = index + 1 >= mapNr ? 0 : index + 1)
        {
            KObject w = KObject.Reference(kernel, wordType, map + index * wordSize);
            ulong mapDepth = index == mapNr - 1 ? depth - ((ulong)index << shift) : 1UL << shift;
            uint d = (uint)Math.Min(mapDepth, depth - scanned);
            if (d == 0)
                break;
            scanned += d;
            ulong word = w.Member("word").ToUInt64() & ~(hasCleared ? w.Member("cleared").ToUInt64() : 0);
            for (int bit = 0; bit < d && bit < 64; bit++)
            {
                if ((word & (1UL << bit)) == 0)
                    continue;
                ulong tag = ((ulong)index << shift) + (ulong)bit + tagOffset;
                ulong rq = kernel.Memory.ReadPointer(rqs + tag * 8);
                if (!kernel.Regions.IsKernelVirtual(rq))
                    continue;
                KObject r = KObject.Reference(kernel, requestType, rq);
                if (r.Member("q").ToUInt64() == queue && r.Member("state").ToUInt64() == 1)
                    counts[(r.Member("cmd_flags").ToUInt64() & 1) != 0 ? 1 : 0]++;
            }
        }
    }

    /// <summary>Older blk-mq: per-cpu <c>blk_mq_ctx.rq_dispatched - rq_completed</c>.</summary>
    private static (long, long) CtxInFlight(KernelProgram kernel, KObject q)
    {
        KObject ctx = q.Member("queue_ctx");
        CType ctxType = ((PointerType)ctx.UnderlyingType).Target;
        long r = 0, w = 0;
        int cpus = Sched.Runqueues.CpuCount(kernel);
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            KObject c = KObject.Reference(kernel, ctxType, ctx.ToUInt64() + kernel.PerCpuOffset(cpu));
            r += c.Member("rq_dispatched").Index(0).ToInt64() - c.Member("rq_completed").Index(0).ToInt64();
            w += c.Member("rq_dispatched").Index(1).ToInt64() - c.Member("rq_completed").Index(1).ToInt64();
        }
        return (r, w);
    }
}
