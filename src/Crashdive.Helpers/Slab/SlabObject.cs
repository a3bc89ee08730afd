namespace Crashdive.Helpers.Slab;

/// <summary>One SLUB object and where it lives.</summary>
/// <param name="Cache">The <c>struct kmem_cache</c>.</param>
/// <param name="CacheName">Its name (<c>skbuff_head_cache</c>...).</param>
/// <param name="Address">The object's first byte (after any left red zone).</param>
/// <param name="Size">The object's size (<c>object_size</c>).</param>
/// <param name="Slab">The slab (<c>struct slab</c>, or the head <c>struct page</c> before 5.17).</param>
/// <param name="SlabMemory">The direct-map address of the slab's first object slot.</param>
public sealed record SlabObject(ulong Cache, string CacheName, ulong Address, ulong Size, ulong Slab, ulong SlabMemory);
