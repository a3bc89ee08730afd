using System.Text;
using Crashdive.Helpers.Mm;
using Crashdive.Helpers.Slab;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Kmem;

public sealed partial class KmemCommand
{
    private const string SlabHeader = "SLAB              MEMORY            NODE  TOTAL  ALLOCATED  FREE\n";

    /// <summary>Most slabs followed on one per-cpu or per-node partial list.</summary>
    private const int MaxListedSlabs = 1 << 20;

    // kmem -S: one cache's per-cpu slabs and partial lists, then its per-node lists (crash's do_kmem_cache_slub).
    private static void CacheVerbose(CommandContext context, KObject cache, int cpus, HashSet<int>? onlyCpus, StringBuilder o)
    {
        var kernel = context.Kernel;
        var perNode = new long[Math.Max(1, Zones.Nodes(kernel).Count)];
        ulong cpuSlabBase = cache.Member("cpu_slab").ToUInt64();
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            if (onlyCpus is not null && !onlyCpus.Contains(cpu))
                continue;
            context.Cancellation.ThrowIfCancellationRequested();
            o.Append($"CPU {cpu} KMEM_CACHE_CPU:\n  {unchecked(cpuSlabBase + kernel.PerCpuOffset(cpu)):x}\n");
            KObject c = Slub.CpuSlab(cache, cpu);
            ulong slab = Slub.CurrentSlab(c).ToUInt64();
            o.Append($"CPU {cpu} SLAB:\n").Append(slab == 0 ? "  (empty)\n" : "");
            if (slab != 0)
            {
                perNode[0]++;
                if (!DoSlab(context, cache, slab, verbose: true, cpus, o))
                    continue;
            }
            if (c.HasMember("partial"))
            {
                ulong partial = c.Member("partial").ToUInt64();
                o.Append($"CPU {cpu} PARTIAL:\n").Append(partial == 0 ? "  (empty)\n" : "");
                for (int guard = 0; partial != 0 && guard < MaxListedSlabs; guard++)
                {
                    if (!DoSlab(context, cache, partial, verbose: true, cpus, o))
                        break;
                    partial = KObject.Reference(kernel, SlabType(kernel), partial).Member("next").ToUInt64();
                }
            }
            Flush(context, o);
        }
        int n = 0;
        foreach (KObject node in Slub.Nodes(cache))
        {
            ulong partial = node.Member("nr_partial").ToUInt64();
            long slabs = node.Member("nr_slabs").Member("counter").ToInt64();
            o.Append("KMEM_CACHE_NODE   NODE  SLABS  PARTIAL  PER-CPU\n");
            o.Append($"{node.Address:x}  {n,4}  {slabs,5}  {partial,7}  {(n < perNode.Length ? perNode[n] : 0),7}\n");
            NodeList(context, cache, node, "partial", n, cpus, o);
            const ulong SlabStoreUser = 0x00010000;
            if (!node.HasMember("full") || (cache.Member("flags").ToUInt64() & SlabStoreUser) == 0)
                o.Append($"NODE {n} FULL:\n  (not tracked)\n");
            else
                NodeList(context, cache, node, "full", n, cpus, o);
            n++;
        }
        o.Append('\n');
    }

    private static void NodeList(CommandContext context, KObject cache, KObject node, string list, int n, int cpus, StringBuilder o)
    {
        var kernel = context.Kernel;
        ulong head = node.Member(list).Address;
        ulong next = kernel.Memory.ReadPointer(head);
        o.Append($"NODE {n} {list.ToUpperInvariant()}:\n").Append(next == head ? "  (empty)\n" : "");
        ulong linkOffset = Helpers.Lists.KernelList.MemberOffset(SlabType(kernel), SlabType(kernel).Underlying() is StructType st && st.HasMember("slab_list") ? "slab_list" : "lru");
        bool first = true;
        for (int guard = 0; next != head && guard < MaxListedSlabs; guard++)
        {
            ulong slab = next - linkOffset;
            if (first)
                o.Append("  ").Append(SlabHeader);
            first = false;
            if (!DoSlab(context, cache, slab, verbose: false, cpus, o))
                return;
            next = kernel.Memory.ReadPointer(next);
            Flush(context, o);
        }
    }

    private static CType SlabType(KernelProgram kernel) => kernel.FindType("struct slab") ?? kernel.Type("struct page");

    private static void Flush(CommandContext context, StringBuilder o)
    {
        if (o.Length > 1 << 16)
        {
            context.Out.Write(o.ToString());
            o.Clear();
        }
    }

    // crash's do_slab_slub: the slab line and, verbose, every object, free or [allocated].
    private static bool DoSlab(CommandContext context, KObject cache, ulong slabAddress, bool verbose, int cpus, StringBuilder o)
    {
        var kernel = context.Kernel;
        if (PageToPhysical(kernel, slabAddress) is not ulong phys)
        {
            o.Append($"kmem: {SafeName(cache)}: invalid slab address: {slabAddress:x}\n");
            return false;
        }
        ulong memory = kernel.Regions.PhysicalToDirect(phys);
        if (verbose)
            o.Append("  ").Append(SlabHeader);
        KObject slab = KObject.Reference(kernel, SlabType(kernel), slabAddress);
        long inuse = Slub.InUse(slab), objects = Slub.ObjectCount(slab);
        ulong freelist = slab.Member("freelist").ToUInt64();
        if (objects == 0)
            return false;
        if (!verbose)
        {
            o.Append($"  {slabAddress,-16:x}  {memory,-16:x}  {0,4}  {objects,5}  {inuse,9}  {objects - inuse,4}\n");
            return true;
        }
        ulong cpuFreelist = 0;
        int cpuSlab = -1;
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            KObject c = Slub.CpuSlab(cache, cpu);
            if (Slub.CurrentSlab(c).ToUInt64() != slabAddress)
                continue;
            cpuSlab = cpu;
            cpuFreelist = c.Member("freelist").ToUInt64();
            long free = 0;
            foreach (ulong _ in Slub.FreeList(cache, cpuFreelist))
                free++;
            if (freelist != 0)
                free += objects - inuse;
            inuse = objects - free;
            break;
        }
        o.Append($"  {slabAddress,-16:x}  {memory,-16:x}  {0,4}  {objects,5}  {inuse,9}  {objects - inuse,4}\n");
        o.Append("  FREE / [ALLOCATED]\n");
        var free2 = new HashSet<ulong>();
        foreach (ulong q in Slub.FreeList(cache, freelist))
            free2.Add(q);
        foreach (ulong q in Slub.FreeList(cache, cpuFreelist))
            free2.Add(q);
        ulong size = cache.Member("size").ToUInt64();
        ulong redLeft = 0;
        const ulong SlabRedZone = 0x400;
        if (cache.HasMember("red_left_pad") && (cache.Member("flags").ToUInt64() & SlabRedZone) != 0)
            redLeft = cache.Member("red_left_pad").ToUInt64();
        for (ulong p = memory; p < memory + (ulong)objects * size; p += size)
        {
            bool isFree = free2.Contains(p + redLeft);
            o.Append(isFree ? $"   {p + redLeft:x}  " : $"  [{p + redLeft:x}]");
            if (isFree && cpuSlab >= 0)
                o.Append($"(cpu {cpuSlab} cache)");
            o.Append('\n');
        }
        return true;
    }
}
