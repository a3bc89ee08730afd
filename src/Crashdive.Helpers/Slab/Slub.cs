using Crashdive.Helpers.Lists;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Slab;

/// <summary>
/// The SLUB allocator: caches on <c>slab_caches</c> (<c>struct kmem_cache</c> linked by <c>list</c>),
/// their per-cpu slabs (<c>kmem_cache_cpu</c>: <c>slab</c> since 5.17, <c>page</c> before), per-node
/// partial lists and counters (<c>kmem_cache_node</c>), and free lists, whose pointers are hardened
/// (<c>ptr ^ s-&gt;random ^ swab(&amp;ptr)</c>) when <c>kmem_cache.random</c> exists. Counts follow crash's
/// emulation of the kernel's slab_objects(). Every walk is bounded.
/// </summary>
public static class Slub
{
    /// <summary>Most objects followed on one free list (a slab holds at most 32767).</summary>
    public const int MaxFreeList = 1 << 16;

    /// <summary>Most slabs followed on one partial list.</summary>
    public const int MaxPartial = 1 << 22;

    /// <summary>The caches on <c>slab_caches</c>, newest first (the list's order).</summary>
    public static IEnumerable<KObject> Caches(KernelProgram kernel)
    {
        ulong head = kernel.SymbolAddress("slab_caches") ?? throw new SlabException("slab_caches: symbol not found");
        return KernelList.Entries(kernel, head, kernel.Type("struct kmem_cache"), "list");
    }

    /// <summary>The cache's name.</summary>
    public static string Name(KObject cache) => cache.Member("name").ReadString(256);

    /// <summary>
    /// (objects per slab, order) of a cache: <c>oo</c> (low 16 bits objects, the rest order) since 2.6.27,
    /// <c>objects</c>/<c>order</c> before.
    /// </summary>
    public static (ulong Objects, int Order) ObjectsAndOrder(KObject cache)
    {
        if (cache.HasMember("oo"))
        {
            ulong x = cache.Member("oo.x").ToUInt64();
            return (x & 0xffff, (int)(x >> 16));
        }
        return (cache.Member("objects").ToUInt64(), (int)cache.Member("order").ToUInt64());
    }

    /// <summary>The kmem -s figures of one cache over the first <paramref name="cpus"/> CPUs.</summary>
    public static SlubCacheStats Stats(KObject cache, int cpus)
    {
        string name;
        try
        {
            name = Name(cache);
        }
        catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException)
        {
            name = "(unknown)";
        }
        ulong objectSize = cache.Member("object_size").ToUInt64();
        ulong size = cache.Member("size").ToUInt64();
        var (objects, order) = ObjectsAndOrder(cache);
        try
        {
            var (allocated, total, slabs) = Counts(cache, cpus, objects);
            return new SlubCacheStats(cache.Address, name, objectSize, size, objects, order, allocated, total, slabs, false);
        }
        catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException or ListWalkException or SlabException)
        {
            return new SlubCacheStats(cache.Address, name, objectSize, size, objects, order, 0, 0, 0, true);
        }
    }

    /// <summary>
    /// The per-node <c>struct kmem_cache_node</c> objects of a cache, for each online memory node (the
    /// kernel sizes <c>kmem_cache</c> for nr_node_ids entries of <c>node[]</c>: later slots are not its own).
    /// </summary>
    public static IEnumerable<KObject> Nodes(KObject cache)
    {
        KObject nodes = cache.Member("node");
        long count = nodes.UnderlyingType is ArrayType a ? (long)(a.Length ?? 1) : 1;
        foreach (KObject pgdat in Mm.Zones.Nodes(cache.Kernel))
        {
            long id = pgdat.HasMember("node_id") ? pgdat.Member("node_id").ToInt64() : 0;
            if (id < 0 || id >= count)
                continue;
            KObject p = nodes.Index(id);
            if (p.ToUInt64() != 0)
                yield return p.Deref();
        }
    }

    /// <summary>The cache's <c>struct kmem_cache_cpu</c> on <paramref name="cpu"/>.</summary>
    public static KObject CpuSlab(KObject cache, int cpu)
    {
        KObject ptr = cache.Member("cpu_slab");
        ulong at = unchecked(ptr.ToUInt64() + cache.Kernel.PerCpuOffset(cpu));
        return KObject.Reference(cache.Kernel, ((PointerType)ptr.UnderlyingType).Target, at);
    }

    /// <summary>The slab a kmem_cache_cpu works on (<c>slab</c> since 5.17, <c>page</c> before): a <c>struct slab *</c> or <c>struct page *</c> value.</summary>
    public static KObject CurrentSlab(KObject cpuSlab) => cpuSlab.Member(cpuSlab.HasMember("slab") ? "slab" : "page");

    /// <summary>Objects in use in a slab (<c>inuse</c>).</summary>
    public static long InUse(KObject slab) => (long)slab.Member("inuse").ToUInt64();

    /// <summary>Objects a slab holds (<c>objects</c>).</summary>
    public static long ObjectCount(KObject slab) => (long)slab.Member("objects").ToUInt64();

    /// <summary>
    /// The objects on a free list starting at <paramref name="first"/>: each object's next pointer is at
    /// <c>s-&gt;offset</c>, decoded with <c>s-&gt;random</c> when the kernel hardens free lists (5.7+ also
    /// byte-swaps the pointer's address). Stops at NULL or at a pointer with bit 0 set (crash's
    /// PAGE_MAPPING_ANON test); a repeated object or a list longer than <see cref="MaxFreeList"/> is a
    /// <see cref="SlabException"/>.
    /// </summary>
    public static IEnumerable<ulong> FreeList(KObject cache, ulong first)
    {
        var kernel = cache.Kernel;
        ulong offset = cache.Member("offset").ToUInt64();
        bool hardened = cache.HasMember("random");
        ulong random = hardened ? cache.Member("random").ToUInt64() : 0;
        var seen = new HashSet<ulong>();
        for (ulong q = first; q != 0 && (q & 1) == 0;)
        {
            if (!seen.Add(q))
                throw new SlabException($"{Name(cache)}: duplicate freelist object: {q:x}");
            if (seen.Count > MaxFreeList)
                throw new SlabException($"{Name(cache)}: freelist longer than {MaxFreeList}");
            yield return q;
            ulong at = q + offset;
            ulong next = kernel.Memory.Read<ulong>(at);
            q = hardened ? next ^ random ^ System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(at) : next;
        }
    }

    private static (long Allocated, long Total, long Slabs) Counts(KObject cache, int cpus, ulong objectsPerSlab)
    {
        var kernel = cache.Kernel;
        long free = 0;
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            KObject c = CpuSlab(cache, cpu);
            KObject slabPtr = CurrentSlab(c);
            if (slabPtr.ToUInt64() == 0)
                continue;
            KObject slab = slabPtr.Deref();
            long inuse = InUse(slab);
            long objects = ObjectCount(slab);
            if (objects == 0)
                throw new SlabException("slab with no objects");
            free += objects - inuse;
            foreach (ulong _ in FreeList(cache, c.Member("freelist").ToUInt64()))
                free++;
            if (c.HasMember("partial"))
            {
                int guard = 0;
                for (ulong p = c.Member("partial").ToUInt64(); p != 0 && guard < MaxPartial; guard++)
                {
                    KObject ps = KObject.Reference(kernel, slab.Type, p);
                    long pInuse = InUse(ps), pObjects = ObjectCount(ps);
                    if (pObjects == 0)
                        throw new SlabException("partial slab with no objects");
                    free += pObjects - pInuse;
                    p = ps.Member("next").ToUInt64();
                }
            }
        }
        long total = 0, slabs = 0;
        CType slabType = kernel.FindType("struct slab") ?? kernel.Type("struct page");
        string link = slabType.Underlying() is StructType st && st.HasMember("slab_list") ? "slab_list" : "lru";
        foreach (KObject node in Nodes(cache))
        {
            slabs += node.Member("nr_slabs").Member("counter").ToInt64();
            total += node.Member("total_objects").Member("counter").ToInt64();
            foreach (KObject s in KernelList.Entries(kernel, node.Member("partial").Address, slabType, link, maxNodes: MaxPartial))
            {
                long pObjects = ObjectCount(s);
                if (pObjects == 0)
                    throw new SlabException("partial slab with no objects");
                free += pObjects - InUse(s);
            }
        }
        return (total - free, total, slabs);
    }
}
