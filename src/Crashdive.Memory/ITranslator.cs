using Crashdive.Dumps;

namespace Crashdive.Memory;

/// <summary>Virtual-to-physical translation for one address space (one page-table root).</summary>
public interface ITranslator
{
    /// <summary>
    /// Translates <paramref name="virt"/>. On success returns true with the physical address and the
    /// size of the page that maps it (so callers can cache the whole page). On failure returns false
    /// with the fault that explains why.
    /// </summary>
    bool TryTranslate(ulong virt, out ulong phys, out ulong pageSize, out MemoryFaultException? fault);
}
