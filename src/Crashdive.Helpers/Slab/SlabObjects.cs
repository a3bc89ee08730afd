using System.Collections.Concurrent;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Slab;

/// <summary>
/// Which SLUB object an address lies in, as <c>kmem -s ADDRESS</c> finds it: the address's page (through
/// the direct map and the sparse memory sections), its compound head, the <c>PG_slab</c> flag, the
/// slab's <c>slab_cache</c> (<c>struct slab</c> since 5.17, <c>struct page</c> before), then the object
/// index from the cache's <c>size</c> and <c>red_left_pad</c>. Nothing read is trusted: a page without
/// PG_slab, a cache pointer whose object size is out of bounds, or an index past the slab's objects
/// gives null.
/// </summary>
public static class SlabObjects
{
    /// <summary>Largest object size believed (KMALLOC_MAX_CACHE_SIZE is two pages; large kmallocs are not slab objects).</summary>
    public const ulong MaxObjectSize = 1 << 22;

    /// <summary>The object holding <paramref name="address"/>, or null when it is not in a slab page.</summary>
    public static SlabObject? Find(KernelProgram kernel, ulong address)
    {
        var regions = kernel.Regions;
        // slab pages are lowmem: only direct-map addresses (not vmalloc, not the kernel image)
        if (!regions.IsKernelVirtual(address) || regions.IsVmallocLike(address) || address >= 0xffff_ffff_8000_0000UL)
            return null;
        if (!kernel.TryKernelToPhysical(address, out ulong phys) || (phys >> 12) >= kernel.Dump.MaxPfn)
            return null;
        var s = State.Of(kernel);
        if ((s.SlabBit < 0 && s.PageTypeSlab < 0) || Mm.Mm.PfnToPage(kernel, phys >> 12) is not ulong page)
            return null;
        var mem = kernel.Memory;
        ulong head = page;
        if (mem.TryRead(page + 8, out ulong compound) && (compound & 1) != 0)
            head = compound - 1;
        if (head > page || page - head > (1UL << 20) * s.PageStructSize)
            return null;
        if (!IsSlabPage(mem, s, head))
            return null;
        if (!mem.TryRead(head + s.SlabCacheOffset, out ulong cacheAddress) || !regions.IsKernelVirtual(cacheAddress))
            return null;
        if (s.Cache(kernel, cacheAddress) is not CacheFacts cache)
            return null;
        if (!mem.TryRead(head + s.ObjectsOffset, out uint countersWord))
            return null;
        // struct slab's counters: inuse:16, objects:15, frozen:1 (objects at bit 16)
        ulong objects = (countersWord >> 16) & 0x7fff;
        ulong firstPfn = (phys >> 12) - (page - head) / s.PageStructSize;
        ulong memory = regions.PhysicalToDirect(firstPfn << 12);
        ulong index = (address - memory) / cache.Size;
        if (address < memory || index >= objects)
            return null;
        ulong start = memory + index * cache.Size + cache.RedLeftPad;
        if (address < start || address >= start + cache.ObjectSize)
            return null;
        return new SlabObject(cacheAddress, cache.Name, start, cache.ObjectSize, head, memory);
    }

    /// <summary>
    /// True when <paramref name="o"/> is on its slab's free list or on the free list of a CPU working on
    /// that slab (what <c>kmem -s</c> prints without brackets). A free list that cannot be walked (a
    /// cycle, an unreadable object) is a <see cref="SlabException"/>.
    /// </summary>
    public static bool IsFree(KernelProgram kernel, SlabObject o)
    {
        KObject cache = KObject.Reference(kernel, kernel.Type("struct kmem_cache"), o.Cache);
        CType slabType = kernel.FindType("struct slab") ?? kernel.Type("struct page");
        KObject slab = KObject.Reference(kernel, slabType, o.Slab);
        foreach (ulong q in Slub.FreeList(cache, slab.Member("freelist").ToUInt64()))
        {
            if (q == o.Address)
                return true;
        }
        int cpus = Percpu.Percpu.Of(kernel).CpuCount;
        if (cpus == 0 && kernel.FindVariable("nr_cpu_ids") is KObject nr)
            cpus = (int)Math.Min(nr.ToUInt64(), (ulong)KernelProgram.MaxCpus);
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            KObject c = Slub.CpuSlab(cache, cpu);
            if (Slub.CurrentSlab(c).ToUInt64() != o.Slab)
                continue;
            foreach (ulong q in Slub.FreeList(cache, c.Member("freelist").ToUInt64()))
            {
                if (q == o.Address)
                    return true;
            }
        }
        return false;
    }

    // PG_slab in page->flags up to 6.9; since 6.10 a page type: 6.12's page_type holds the type in its
    // top byte (enum pagetype PGTY_slab, commit 4ffca5a96678).
    private static bool IsSlabPage(Memory.MemoryReader mem, State s, ulong head)
    {
        if (s.SlabBit >= 0)
            return mem.TryRead(head, out ulong flags) && (flags >> s.SlabBit & 1) != 0;
        return mem.TryRead(head + s.PageTypeOffset, out uint type) && (type >> 24) == (uint)s.PageTypeSlab;
    }

    private sealed record CacheFacts(string Name, ulong Size, ulong ObjectSize, ulong RedLeftPad);

    // Per-kernel facts: the page flag, offsets in struct slab/page, and what each cache seen so far is.
    private sealed class State
    {
        public required int SlabBit { get; init; }
        public required ulong SlabCacheOffset { get; init; }
        public required ulong ObjectsOffset { get; init; }
        public required ulong PageStructSize { get; init; }
        public required int PageTypeSlab { get; init; }
        public required ulong PageTypeOffset { get; init; }
        private readonly ConcurrentDictionary<ulong, CacheFacts?> _caches = new();

        public static State Of(KernelProgram kernel) => kernel.Cached(Build);

        private static State Build(KernelProgram kernel)
        {
            CType slabType = kernel.FindType("struct slab") ?? kernel.Type("struct page");
            var st = slabType.Underlying() as StructType;
            ulong Offset(string member) =>
                st?.FindMember(member) is MemberLookup m ? m.BitOffset / 8 : throw new SlabException($"{slabType} has no {member}");
            // objects shares a word with inuse and frozen (the bit fields after the freelist)
            ulong objects = st?.FindMember("objects") is MemberLookup o ? o.BitOffset / 8 & ~3UL : Offset("counters");
            return new State
            {
                SlabBit = Mm.MemMapCensus.FlagBit(kernel, "PG_slab"),
                SlabCacheOffset = Offset("slab_cache"),
                ObjectsOffset = objects,
                PageStructSize = kernel.Type("struct page").Size is ulong ps && ps > 0 ? ps : 64,
                PageTypeSlab = kernel.FindType("enum pagetype")?.Underlying() is EnumType e && e.FindEnumerator("PGTY_slab") is { } en ? (int)en.Value : -1,
                PageTypeOffset = kernel.Type("struct page").Underlying() is StructType page && page.FindMember("page_type") is MemberLookup pt ? pt.BitOffset / 8 : 48,
            };
        }

        public CacheFacts? Cache(KernelProgram kernel, ulong address) => _caches.GetOrAdd(address, a =>
        {
            try
            {
                KObject c = KObject.Reference(kernel, kernel.Type("struct kmem_cache"), a);
                ulong size = c.Member("size").ToUInt64(), objectSize = c.Member("object_size").ToUInt64();
                ulong red = c.HasMember("red_left_pad") ? c.Member("red_left_pad").ToUInt64() : 0;
                if (size == 0 || size > MaxObjectSize || objectSize == 0 || objectSize > size || red >= size)
                    return null;
                return new CacheFacts(Slub.Name(c), size, objectSize, red);
            }
            catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException)
            {
                return null;
            }
        });
    }
}
