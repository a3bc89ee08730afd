using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Trees;

/// <summary>
/// Maple trees (<c>struct maple_tree</c>, 6.1+: <c>mm-&gt;mm_mt</c>, <c>irq_desc_tree</c> in 6.5+): every
/// non-NULL entry in index order with the first index it covers. Nodes are decoded as the kernel encodes
/// them (<c>mte_node_type</c>: bits 3-6 of the tagged pointer; range_64 and leaf_64 with 16 slots,
/// arange_64 with 10); a node's used slots end at its maximum pivot or at the first 0 pivot after slot 0.
/// Nodes are entered in a set, so a cycle stops the walk.
/// </summary>
public static class MapleTree
{
    /// <summary>Most nodes visited before the tree is called corrupt.</summary>
    public const int MaxNodes = 10_000_000;

    private const int TypeDense = 0, TypeLeaf64 = 1, TypeRange64 = 2, TypeArange64 = 3;

    /// <summary><c>mt-&gt;ma_root</c> of the <c>struct maple_tree</c> at <paramref name="tree"/>.</summary>
    public static ulong Root(KernelProgram kernel, ulong tree) =>
        kernel.Memory.ReadPointer(tree + Member(kernel, "maple_tree", "ma_root").Offset);

    /// <summary>The entries of the tree whose root entry is <paramref name="root"/> (an <c>ma_root</c> value).</summary>
    public static IEnumerable<TreeEntry> Walk(KernelProgram kernel, ulong root)
    {
        if (root == 0)
            yield break;
        if (!IsNode(root))
        {
            yield return new TreeEntry(root, 0, "root", 0);
            yield break;
        }
        var range = Layout(kernel, "maple_range_64");
        var arange = Layout(kernel, "maple_arange_64");
        var seen = new HashSet<ulong>();
        var stack = new Stack<(ulong Enode, ulong Min, ulong Max, string Path)>();
        stack.Push((root, 0, ulong.MaxValue, "root"));
        var children = new List<(ulong, ulong, ulong, string)>();
        while (stack.Count > 0)
        {
            var (enode, min, max, path) = stack.Pop();
            ulong node = enode & ~0xffUL;
            int type = (int)((enode >> 3) & 0xf);
            if (!seen.Add(node))
                throw new TreeWalkException(node, "duplicate tree node");
            if (seen.Count > MaxNodes)
                throw new TreeWalkException(node, $"more than {MaxNodes} nodes");
            if (type == TypeDense)
                throw new TreeWalkException(node, "dense maple nodes are not supported");
            var (pivotOffset, slotOffset, slots) = type == TypeArange64 ? arange : range;
            if (type is not (TypeLeaf64 or TypeRange64 or TypeArange64))
                throw new TreeWalkException(node, $"unknown maple node type {type}");
            var pivots = new ulong[slots - 1];
            var values = new ulong[slots];
            for (int i = 0; i < slots - 1; i++)
                pivots[i] = kernel.Memory.ReadPointer(node + pivotOffset + (ulong)i * 8);
            for (int i = 0; i < slots; i++)
                values[i] = kernel.Memory.ReadPointer(node + slotOffset + (ulong)i * 8);
            children.Clear();
            ulong first = min;
            for (int i = 0; i < slots; i++)
            {
                ulong last = i < slots - 1 ? pivots[i] : max;
                if (i > 0 && i < slots - 1 && last == 0)
                    break;
                ulong slot = values[i];
                if (slot != 0)
                {
                    if (type == TypeLeaf64)
                    {
                        if (!IsInternal(slot))
                            yield return new TreeEntry(slot, first, path, (ulong)i);
                    }
                    else if (slot > 4096)
                    {
                        // a child is a plain encoded node (address | type << 3); only the root carries the
                        // MAPLE_ROOT_NODE tag that IsNode tests
                        children.Add((slot, first, last, $"{path}/{i}"));
                    }
                }
                if (last >= max)
                    break;
                first = last + 1;
            }
            for (int c = children.Count - 1; c >= 0; c--)
                stack.Push(children[c]);
        }
    }

    // xa_is_node: an internal entry above 4096
    private static bool IsNode(ulong entry) => (entry & 3) == 2 && entry > 4096;

    private static bool IsInternal(ulong entry) => (entry & 3) == 2;

    private static (ulong PivotOffset, ulong SlotOffset, int Slots) Layout(KernelProgram kernel, string structName)
    {
        MemberLookup slot = Member(kernel, structName, "slot");
        int slots = slot.Type.Underlying() is ArrayType a && a.Length is ulong n && n is > 1 and <= 64 ? (int)n : throw new KernelObjectException($"{structName}.slot has no usable length");
        return (Member(kernel, structName, "pivot").Offset, slot.Offset, slots);
    }

    private static MemberLookup Member(KernelProgram kernel, string structName, string member) =>
        kernel.FindType("struct " + structName)?.Underlying() is StructType s && s.FindMember(member) is MemberLookup m
            ? m : throw new KernelObjectException($"maple trees do not exist or have changed their format ({structName}.{member})");
}
