using Crashdive.Kernel;

namespace Crashdive.Helpers.Trees;

/// <summary>
/// Index lookups in the kernel's sparse arrays: the xarray (which backs <c>radix_tree_root</c> since
/// 4.20) and the maple tree (6.1+). Each lookup descends a bounded number of levels.
/// </summary>
public static class TreeLookup
{
    // An internal entry: low two bits 10 and above 4096 (xa_is_node); the node is entry - 2.
    private static bool IsNode(ulong entry) => (entry & 3) == 2 && entry > 4096;

    /// <summary>
    /// xa_load: the entry at <paramref name="index"/> of the xarray (or radix tree) at <paramref name="root"/>
    /// (<c>struct xarray *</c>: spinlock, gfp flags, then <c>xa_head</c>), or 0. <c>struct xa_node</c>: shift
    /// (byte 0), offset, count, nr_values, then parent and array, then 64 slots at byte 16+16.
    /// </summary>
    public static ulong XaLoad(KernelProgram kernel, ulong root, ulong index)
    {
        var mem = kernel.Memory;
        ulong headOffset = kernel.FindType("struct xarray") is { } xa && xa.Underlying() is Symbols.Types.StructType s && s.FindMember("xa_head") is { } m ? m.Offset : 8;
        ulong slotsOffset = kernel.FindType("struct xa_node") is { } xn && xn.Underlying() is Symbols.Types.StructType ns && ns.FindMember("slots") is { } sm ? sm.Offset : 40;
        ulong entry = mem.ReadPointer(root + headOffset);
        if (!IsNode(entry))
            return index == 0 ? entry : 0;
        for (int depth = 0; depth < 16 && IsNode(entry); depth++)
        {
            ulong node = entry - 2;
            int shift = mem.Read<byte>(node);
            if (shift > 63 || (shift < 58 && (index >> shift) >> 6 != 0 && depth == 0))
                return 0;
            ulong offset = (index >> shift) & 63;
            entry = mem.ReadPointer(node + slotsOffset + offset * 8);
        }
        return IsNode(entry) ? 0 : entry;
    }

    /// <summary>
    /// mtree_load: the entry covering <paramref name="index"/> in the maple tree at <paramref name="root"/>
    /// (<c>struct maple_tree *</c>), or 0. Nodes are 256-byte aligned; the encoded node pointer carries
    /// the node type in bits 3-6 (maple_dense 0, maple_leaf_64 1, maple_range_64 2, maple_arange_64 3).
    /// </summary>
    public static ulong MtLoad(KernelProgram kernel, ulong root, ulong index)
    {
        var mem = kernel.Memory;
        ulong rootOffset = kernel.FindType("struct maple_tree") is { } mt && mt.Underlying() is Symbols.Types.StructType s && s.FindMember("ma_root") is { } m ? m.Offset : 8;
        ulong entry = mem.ReadPointer(root + rootOffset);
        if (!IsNode(entry))
            return index == 0 ? entry : 0;
        for (int depth = 0; depth < 32; depth++)
        {
            ulong node = entry & ~0xffUL;
            int type = (int)((entry >> 3) & 0xf);
            int slots, pivots;
            switch (type)
            {
                case 0: // dense: one slot per index (not used for irqs, but cheap to support)
                    return mem.ReadPointer(node + 8 + (index & 31) * 8);
                case 1:
                case 2:
                    slots = 16;
                    pivots = 15;
                    break;
                case 3:
                    slots = 10;
                    pivots = 9;
                    break;
                default:
                    return 0;
            }
            int i = 0;
            for (; i < pivots; i++)
            {
                ulong pivot = mem.ReadPointer(node + 8 + (ulong)i * 8);
                if (pivot == 0 && i > 0)
                    break;
                if (index <= pivot)
                    break;
            }
            entry = mem.ReadPointer(node + 8 + (ulong)pivots * 8 + (ulong)i * 8);
            if (type == 1)
                return entry;
            // Children of internal nodes are encoded nodes without the root's xa-node bit.
            if (entry < 4096)
                return 0;
            _ = slots;
        }
        return 0;
    }
}
