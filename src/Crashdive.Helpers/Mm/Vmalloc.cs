using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Trees;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Mm;

/// <summary>
/// vmalloc areas in use (<c>struct vmap_area</c>): the address-ordered <c>vmap_area_list</c> up to 6.8; since
/// 6.9 (commit d093602919ad "mm: vmalloc: remove global vmap_area_root rb-tree") each of <c>nr_vmap_nodes</c>
/// <c>vmap_nodes[]</c> keeps its busy areas in an rbtree (<c>busy.root</c>, nodes <c>rb_node</c>), merged here
/// by address.
/// </summary>
public static class Vmalloc
{
    /// <summary>Most areas read.</summary>
    public const int MaxAreas = 1 << 22;

    /// <summary>The busy vmap areas, lowest address first.</summary>
    public static IReadOnlyList<KObject> Areas(KernelProgram kernel)
    {
        var type = kernel.Type("struct vmap_area");
        var list = new List<KObject>();
        if (kernel.SymbolAddress("vmap_area_list") is ulong head)
        {
            list.AddRange(KernelList.Entries(kernel, head, type, "list", maxNodes: MaxAreas));
            return list;
        }
        if (kernel.FindVariable("vmap_nodes") is not KObject nodesPtr)
            throw new MmException("neither vmap_area_list nor vmap_nodes exist");
        long count = kernel.FindVariable("nr_vmap_nodes")?.ToInt64() ?? 1;
        ulong offset = KernelList.MemberOffset(type, "rb_node");
        for (long i = 0; i < Math.Clamp(count, 0, 4096); i++)
        {
            KObject node = nodesPtr.Index(i);
            foreach (ulong rb in RbTreeWalk.Nodes(kernel, node.Member("busy").Member("root").Address, MaxAreas))
                list.Add(KObject.Reference(kernel, type, rb - offset));
        }
        list.Sort((a, b) => a.Member("va_start").ToUInt64().CompareTo(b.Member("va_start").ToUInt64()));
        return list;
    }
}
