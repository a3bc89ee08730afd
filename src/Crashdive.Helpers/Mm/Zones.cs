using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Mm;

/// <summary>
/// Memory nodes (<c>struct pglist_data</c>) and their zones (<c>struct zone</c>), from the debuginfo:
/// <c>node_data[]</c> with CONFIG_NUMA, else <c>contig_page_data</c>.
/// </summary>
public static class Zones
{
    /// <summary>Most NUMA nodes looked at (MAX_NUMNODES is at most 1024 on x86-64).</summary>
    public const int MaxNodes = 1024;

    /// <summary>The online nodes as <c>struct pglist_data</c> objects, node id order.</summary>
    public static IReadOnlyList<KObject> Nodes(KernelProgram kernel)
    {
        var nodes = new List<KObject>();
        if (kernel.FindVariable("node_data") is KObject table && table.UnderlyingType is ArrayType a)
        {
            long count = Math.Min((long)(a.Length ?? 0), MaxNodes);
            for (long i = 0; i < count; i++)
            {
                KObject p = table.Index(i);
                if (p.ToUInt64() != 0)
                    nodes.Add(p.Deref());
            }
            return nodes;
        }
        if (kernel.FindVariable("contig_page_data") is KObject contig)
            nodes.Add(contig);
        return nodes;
    }

    /// <summary>The zones of a node (<c>node_zones[0..MAX_NR_ZONES)</c>), populated or not.</summary>
    public static IReadOnlyList<KObject> Of(KObject node)
    {
        KObject zones = node.Member("node_zones");
        long count = zones.UnderlyingType is ArrayType a ? (long)(a.Length ?? 0) : 0;
        var list = new List<KObject>((int)Math.Min(count, 16));
        for (long i = 0; i < count && i < 16; i++)
            list.Add(zones.Index(i));
        return list;
    }

    /// <summary>Every zone of every node.</summary>
    public static IEnumerable<KObject> All(KernelProgram kernel)
    {
        foreach (KObject node in Nodes(kernel))
        {
            foreach (KObject zone in Of(node))
                yield return zone;
        }
    }

    /// <summary>The zone's name (<c>zone-&gt;name</c>).</summary>
    public static string Name(KObject zone) => zone.Member("name").ReadString(64);

    /// <summary>Free pages of all zones, as crash sums them (each zone's NR_FREE_PAGES).</summary>
    public static ulong FreePages(KernelProgram kernel)
    {
        ulong sum = 0;
        foreach (KObject zone in All(kernel))
            sum = unchecked(sum + (ulong)(VmStat.OfZone(zone, "NR_FREE_PAGES") ?? 0));
        return sum;
    }
}
