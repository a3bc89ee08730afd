namespace Crashdive.Helpers.Slab;

/// <summary>
/// The figures crash prints for one SLUB cache in <c>kmem -s</c>: object size, objects allocated, total
/// objects, slabs, slab size; <see cref="Failed"/> when the counts could not be gathered (printed as <c>?</c>).
/// </summary>
public sealed record SlubCacheStats(
    ulong Cache, string Name, ulong ObjectSize, ulong Size, ulong ObjectsPerSlab, int Order,
    long Allocated, long Total, long Slabs, bool Failed)
{
    /// <summary>Bytes of one slab: the page size shifted by the order.</summary>
    public ulong SlabSize => 4096UL << Order;
}
