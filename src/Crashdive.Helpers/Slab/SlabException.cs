namespace Crashdive.Helpers.Slab;

/// <summary>A slab structure that does not make sense (a looping free list, a slab with no objects).</summary>
public sealed class SlabException(string message) : Exception(message);
