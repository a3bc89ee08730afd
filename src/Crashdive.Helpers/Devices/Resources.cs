using Crashdive.Kernel;

namespace Crashdive.Helpers.Devices;

/// <summary>One <c>struct resource</c>: its address, range, name, and depth in the tree.</summary>
public readonly record struct ResourceNode(ulong Address, ulong Start, ulong End, string? Name, int Depth);

/// <summary>
/// The I/O port and memory resource trees (<c>ioport_resource</c>, <c>iomem_resource</c>): each
/// <c>struct resource</c> with its <c>child</c> and <c>sibling</c> links, walked depth first as
/// /proc/iomem lists them, bounded in size and depth.
/// </summary>
public static class Resources
{
    /// <summary>Most resources visited in one tree.</summary>
    public const int MaxNodes = 1 << 20;

    /// <summary>Deepest nesting followed.</summary>
    public const int MaxDepth = 64;

    /// <summary>The tree rooted at the variable <paramref name="root"/> (<c>ioport_resource</c> or <c>iomem_resource</c>), the root first.</summary>
    public static List<ResourceNode> Tree(KernelProgram kernel, string root)
    {
        KObject r = kernel.FindVariable(root) ?? throw new KernelObjectException($"{root}: symbol not found");
        var list = new List<ResourceNode>();
        var stack = new Stack<(ulong Entry, int Depth)>();
        stack.Push((r.Address, 0));
        var seen = new HashSet<ulong>();
        while (stack.Count > 0)
        {
            var (entry, depth) = stack.Pop();
            // siblings of one level are pushed in reverse below, children before the next sibling
            for (ulong e = entry; e != 0;)
            {
                if (!seen.Add(e) || list.Count >= MaxNodes)
                    throw new KernelObjectException($"{root}: resource tree loops or is too large at 0x{e:x}");
                KObject res = KObject.Reference(kernel, r.Type, e);
                ulong namePtr = res.Member("name").ToUInt64();
                list.Add(new ResourceNode(e, res.Member("start").ToUInt64(), res.Member("end").ToUInt64(),
                    namePtr == 0 ? null : kernel.Memory.TryReadCString(namePtr, 256), depth));
                ulong child = res.Member("child").ToUInt64();
                ulong sibling = res.Member("sibling").ToUInt64();
                if (child != 0 && child != e && depth + 1 < MaxDepth)
                {
                    if (sibling != 0)
                        stack.Push((sibling, depth));
                    stack.Push((child, depth + 1));
                    break;
                }
                e = sibling;
            }
        }
        return list;
    }
}
