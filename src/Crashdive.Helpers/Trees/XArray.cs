using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Trees;

/// <summary>
/// XArrays (<c>struct xarray</c>, <c>struct xa_node</c>; also radix trees since 4.20, where
/// <c>radix_tree_root</c> is an xarray) walked as crash's <c>tree -t xarray</c> does: every non-NULL
/// entry in index order with its index and slot path. Internal entries at the leaves (siblings of
/// multi-index entries, retry entries) are not entries and are skipped. Nodes are entered in a set, so a
/// cycle stops the walk ("duplicate tree node").
/// </summary>
public static class XArray
{
    /// <summary>Most nodes visited before the array is called corrupt.</summary>
    public const int MaxNodes = 10_000_000;

    private const ulong TagMask = 3, TagInternal = 2;

    /// <summary><c>xa-&gt;xa_head</c> of the <c>struct xarray</c> at <paramref name="xarray"/>.</summary>
    public static ulong Head(KernelProgram kernel, ulong xarray) =>
        kernel.Memory.ReadPointer(xarray + Member(kernel, "xarray", "xa_head").Offset);

    /// <summary>
    /// The entries below <paramref name="head"/> (an <c>xa_head</c> value, or with <paramref name="isNode"/> an
    /// <c>xa_node</c> address, tagged or not). A head that is not a node is the single entry at index 0,
    /// position "direct".
    /// </summary>
    public static IEnumerable<TreeEntry> Walk(KernelProgram kernel, ulong head, bool isNode = false)
    {
        MemberLookup slots = Member(kernel, "xa_node", "slots");
        ulong shiftOffset = Member(kernel, "xa_node", "shift").Offset;
        ulong count = slots.Type.Underlying() is ArrayType a && a.Length is ulong n && n > 0 ? n : 64;
        int chunkShift = System.Numerics.BitOperations.Log2(count);
        bool internalHead = (head & TagMask) == TagInternal;
        ulong node = head & ~TagMask;
        if (!isNode && !internalHead)
        {
            yield return new TreeEntry(node, 0, "direct", 0);
            yield break;
        }
        if (!isNode && node < 4096)
        {
            // a head that is an internal value (retry or zero entry), not a node
            yield break;
        }
        uint shift = kernel.Memory.Read<byte>(node + shiftOffset);
        uint height = shift / (uint)chunkShift + 1;
        if (height > 64 / (uint)chunkShift + 1)
            throw new TreeWalkException(node, $"xa_node shift {shift} is impossible");
        var seen = new HashSet<ulong>();
        var stack = new Stack<(ulong Node, uint Height, string Path, ulong Index, int Next)>();
        var buffer = new byte[count * 8];
        var slotCache = new Dictionary<ulong, ulong[]>();
        Enter(node);
        stack.Push((node, height, "root", 0, 0));
        while (stack.Count > 0)
        {
            var (nd, h, path, index, next) = stack.Pop();
            ulong[] values = slotCache[nd];
            bool descended = false;
            for (int off = next; off < (int)count; off++)
            {
                ulong slot = values[off];
                if (slot == 0)
                    continue;
                if (h == 1)
                {
                    if ((slot & TagMask) == TagInternal)
                        continue;
                    yield return new TreeEntry(slot, index | (uint)off, path, (uint)off);
                    continue;
                }
                if ((slot & TagMask) != TagInternal || slot < 4096)
                    continue; // a multi-index entry above the leaves, or a sibling
                ulong child = slot & ~TagMask;
                int childShift = (int)((h - 1) * (uint)chunkShift);
                Enter(child);
                stack.Push((nd, h, path, index, off + 1));
                stack.Push((child, h - 1, $"{path}/{off}", index | ((ulong)(uint)off << childShift), 0));
                descended = true;
                break;
            }
            if (!descended)
                slotCache.Remove(nd);
        }

        void Enter(ulong n)
        {
            if (!seen.Add(n))
                throw new TreeWalkException(n, "duplicate tree node");
            if (seen.Count > MaxNodes)
                throw new TreeWalkException(n, $"more than {MaxNodes} nodes");
            kernel.Memory.Read(n + slots.Offset, buffer);
            var v = new ulong[count];
            for (int i = 0; i < (int)count; i++)
                v[i] = BitConverter.ToUInt64(buffer, i * 8);
            slotCache[n] = v;
        }
    }

    internal static MemberLookup Member(KernelProgram kernel, string structName, string member) =>
        kernel.FindType("struct " + structName)?.Underlying() is StructType s && s.FindMember(member) is MemberLookup m
            ? m : throw new KernelObjectException("xarray facility does not exist or has changed its format");
}
