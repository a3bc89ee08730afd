using Crashdive.Helpers.Lists;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Trees;

/// <summary>
/// XArrays (<c>include/linux/xarray.h</c>, also behind the radix tree API since 4.20): the
/// present entries with their indices, lowest first, as xa_for_each. Internal entries (node
/// pointers, siblings, retry and zero entries) are followed or skipped; value entries
/// (<c>xa_is_value</c>: low bit set) are returned as they are stored.
/// </summary>
public static class XArray
{
    /// <summary>Deepest tree accepted: 64-bit indices at 6 bits a level need 11 levels.</summary>
    public const int MaxLevels = 12;

    /// <summary>(index, entry) for every present entry of the <c>struct xarray</c> at <paramref name="xarray"/>.</summary>
    public static IEnumerable<(ulong Index, ulong Entry)> Entries(KernelProgram kernel, ulong xarray, int maxEntries = KernelList.DefaultMaxNodes)
    {
        ulong headOffset = KernelList.MemberOffset(kernel.Type("struct xarray"), "xa_head");
        CType nodeType = kernel.Type("struct xa_node");
        ulong shiftOffset = KernelList.MemberOffset(nodeType, "shift");
        ulong slotsOffset = KernelList.MemberOffset(nodeType, "slots");
        int slots = nodeType.Underlying() is StructType s && s.FindMember("slots") is MemberLookup m
            && m.Type.Underlying() is ArrayType { Length: ulong n } && n is 16 or 64 ? (int)n : 64;
        int chunkShift = slots == 16 ? 4 : 6; // XA_CHUNK_SHIFT: 4 with CONFIG_BASE_SMALL

        ulong head = Read(kernel, xarray, xarray + headOffset);
        if (head == 0)
            yield break;
        if (!IsNode(head))
        {
            if (!IsInternal(head))
                yield return (0, head);
            yield break;
        }

        int count = 0;
        var stack = new Stack<(ulong Node, ulong Base, int Slot, int Shift)>();
        stack.Push((head - 2, 0, 0, ReadShift(kernel, xarray, head - 2 + shiftOffset, chunkShift)));
        while (stack.Count > 0)
        {
            var (node, indexBase, slot, shift) = stack.Pop();
            if (slot >= slots)
                continue;
            stack.Push((node, indexBase, slot + 1, shift)); // the rest of this node after this slot
            ulong entry = Read(kernel, xarray, node + slotsOffset + (ulong)slot * 8);
            if (entry == 0)
                continue;
            ulong index = indexBase + ((ulong)slot << shift);
            if (IsNode(entry))
            {
                if (shift == 0 || stack.Count > MaxLevels * 2)
                    throw new ListWalkException(xarray, node, "xarray node below a leaf or too deep");
                ulong child = entry - 2;
                int childShift = ReadShift(kernel, xarray, child + shiftOffset, chunkShift);
                if (childShift >= shift)
                    throw new ListWalkException(xarray, child, $"xa_node shift {childShift} not below its parent's {shift}");
                stack.Push((child, index, 0, childShift));
                continue;
            }
            if (IsInternal(entry))
                continue; // sibling, retry or zero entry
            if (++count > maxEntries)
                throw new ListWalkException(xarray, node, $"more than {maxEntries} entries");
            yield return (index, entry);
        }
    }

    /// <summary>xa_is_internal: the low two bits are 10.</summary>
    public static bool IsInternal(ulong entry) => (entry & 3) == 2;

    /// <summary>xa_is_node: an internal entry above 4096 (the small internal values are siblings and markers).</summary>
    public static bool IsNode(ulong entry) => IsInternal(entry) && entry > 4096;

    private static ulong Read(KernelProgram kernel, ulong xarray, ulong address) =>
        kernel.Memory.TryReadPointer(address, out ulong v) ? v
        : throw new ListWalkException(xarray, address, $"cannot read xarray slot at 0x{address:x}");

    private static int ReadShift(KernelProgram kernel, ulong xarray, ulong address, int chunkShift)
    {
        if (!kernel.Memory.TryRead(address, out byte shift))
            throw new ListWalkException(xarray, address, $"cannot read xa_node shift at 0x{address:x}");
        if (shift > 63 || shift % chunkShift != 0)
            throw new ListWalkException(xarray, address, $"xa_node shift {shift} is not a multiple of {chunkShift} below 64");
        return shift;
    }
}
