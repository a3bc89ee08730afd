using Crashdive.Dumps;
using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Mm;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Slab;

/// <summary>
/// The slab cache an address belongs to, as crash's <c>vaddr_to_kmem_cache</c> finds it (used by
/// <c>bt -F</c> to show <c>[kmalloc-64]</c>): the address's page (or its compound head) must carry
/// PG_slab, and the page's <c>slab_cache</c> must be one of the caches on <c>slab_caches</c>.
/// The cache names are read once per kernel.
/// </summary>
public sealed class SlabCacheOf
{
    private readonly Dictionary<ulong, string> _names;
    private readonly int _slabBit;
    private readonly ulong _cacheOffset;

    private SlabCacheOf(Dictionary<ulong, string> names, int slabBit, ulong cacheOffset)
    {
        _names = names;
        _slabBit = slabBit;
        _cacheOffset = cacheOffset;
    }

    /// <summary>The lookup for <paramref name="kernel"/>, built on first use.</summary>
    public static SlabCacheOf Of(KernelProgram kernel) => kernel.Cached(Build);

    private static SlabCacheOf Build(KernelProgram kernel)
    {
        var names = new Dictionary<ulong, string>();
        int bit = MemMapCensus.FlagBit(kernel, "PG_slab");
        ulong offset = ulong.MaxValue;
        try
        {
            // struct slab (5.17+) overlays struct page; before, the field is page.slab_cache.
            if (kernel.FindType("struct slab")?.Underlying() is Symbols.Types.StructType s && s.FindMember("slab_cache") is { } m)
                offset = m.BitOffset / 8;
            else if (kernel.FindType("struct page")?.Underlying() is Symbols.Types.StructType p && p.FindMember("slab_cache") is { } pm)
                offset = pm.BitOffset / 8;
            int count = 0;
            foreach (KObject cache in Slub.Caches(kernel))
            {
                if (++count > 100000)
                    break;
                names.TryAdd(cache.Address, Slub.Name(cache));
            }
        }
        catch (Exception e) when (e is KernelObjectException or MemoryFaultException or SlabException or ListWalkException)
        {
        }
        return new SlabCacheOf(names, bit, offset);
    }

    /// <summary>The name of the cache holding <paramref name="address"/>, or null when it is not in a slab page.</summary>
    public string? NameOf(KernelProgram kernel, ulong address)
    {
        if (_slabBit < 0 || _cacheOffset == ulong.MaxValue || _names.Count == 0)
            return null;
        try
        {
            if (!kernel.TryKernelToPhysical(address, out ulong phys) || Mm.Mm.PfnToPage(kernel, phys >> 12) is not ulong page)
                return null;
            var mem = kernel.Memory;
            if (!mem.TryRead(page, out ulong flags))
                return null;
            ulong head = page;
            if (mem.TryRead(page + 8, out ulong compound) && (compound & 1) != 0)
                head = compound - 1;
            if ((flags >> _slabBit & 1) == 0 && (head == page || !mem.TryRead(head, out flags) || (flags >> _slabBit & 1) == 0))
                return null;
            if (!mem.TryReadPointer(head + _cacheOffset, out ulong cache))
                return null;
            return _names.GetValueOrDefault(cache);
        }
        catch (Exception e) when (e is MemoryFaultException or MmException)
        {
            return null;
        }
    }
}
