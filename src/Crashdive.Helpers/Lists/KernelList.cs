using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Lists;

/// <summary>
/// <c>list_head</c> and <c>hlist_head</c> walks, as the kernel's list_for_each_entry. Every walk is
/// bounded and detects cycles (Brent's method: no allocation per node); a walk that stops early
/// throws <see cref="ListWalkException"/> after yielding what it could, naming the node.
/// </summary>
public static partial class KernelList
{
    /// <summary>Most nodes a walk visits before it calls the list corrupt.</summary>
    public const int DefaultMaxNodes = 10_000_000;

    /// <summary>
    /// The addresses of the nodes of the circular list whose head is at <paramref name="head"/>
    /// (the head itself excluded), following <c>next</c> (or <c>prev</c> when <paramref name="reverse"/>).
    /// </summary>
    public static IEnumerable<ulong> Nodes(KernelProgram kernel, ulong head, bool reverse = false, int maxNodes = DefaultMaxNodes)
    {
        ulong link = reverse ? 8UL : 0UL;
        ulong node = ReadLink(kernel, head, link, head);
        // Brent: a tortoise teleports to the hare at powers of two; meeting it means a cycle.
        ulong tortoise = node;
        int power = 1, lambda = 0;
        for (int count = 0; node != head; count++)
        {
            if (node == 0)
                throw new ListWalkException(head, node, "NULL list pointer");
            if (count >= maxNodes)
                throw new ListWalkException(head, node, $"more than {maxNodes} entries");
            yield return node;
            node = ReadLink(kernel, node, link, head);
            if (node == tortoise && node != head)
                throw new ListWalkException(head, node, "list loops back on itself before reaching its head");
            if (++lambda == power)
            {
                tortoise = node;
                power <<= 1;
                lambda = 0;
            }
        }
    }

    /// <summary>list_for_each_entry: the <paramref name="type"/> objects linked through <paramref name="member"/> of the list at <paramref name="head"/>.</summary>
    public static IEnumerable<KObject> Entries(KernelProgram kernel, ulong head, CType type, string member, bool reverse = false, int maxNodes = DefaultMaxNodes)
    {
        ulong offset = MemberOffset(type, member);
        foreach (ulong node in Nodes(kernel, head, reverse, maxNodes))
            yield return KObject.Reference(kernel, type, unchecked(node - offset));
    }

    /// <summary>list_for_each_entry over a <c>struct list_head</c> object.</summary>
    public static IEnumerable<KObject> Entries(KObject head, CType type, string member) =>
        Entries(head.Kernel, Address(head), type, member);

    /// <summary>
    /// The node addresses of the hlist at <paramref name="head"/> (<c>first</c>, then each <c>next</c>
    /// until NULL), with the same bound and cycle check.
    /// </summary>
    public static IEnumerable<ulong> HlistNodes(KernelProgram kernel, ulong head, int maxNodes = DefaultMaxNodes)
    {
        ulong node = ReadLink(kernel, head, 0, head);
        ulong tortoise = node;
        int power = 1, lambda = 0;
        for (int count = 0; node != 0; count++)
        {
            if (count >= maxNodes)
                throw new ListWalkException(head, node, $"more than {maxNodes} entries");
            yield return node;
            node = ReadLink(kernel, node, 0, head);
            if (node != 0 && node == tortoise)
                throw new ListWalkException(head, node, "hlist loops back on itself");
            if (++lambda == power)
            {
                tortoise = node;
                power <<= 1;
                lambda = 0;
            }
        }
    }

    /// <summary>hlist_for_each_entry.</summary>
    public static IEnumerable<KObject> HlistEntries(KernelProgram kernel, ulong head, CType type, string member, int maxNodes = DefaultMaxNodes)
    {
        ulong offset = MemberOffset(type, member);
        foreach (ulong node in HlistNodes(kernel, head, maxNodes))
            yield return KObject.Reference(kernel, type, unchecked(node - offset));
    }

    /// <summary>True when the list at <paramref name="head"/> is empty (next points back to head).</summary>
    public static bool IsEmpty(KernelProgram kernel, ulong head) => kernel.Memory.ReadPointer(head) == head;

    /// <summary>offsetof(<paramref name="type"/>, <paramref name="member"/>), dotted paths allowed.</summary>
    public static ulong MemberOffset(CType type, string member)
    {
        if (type.Underlying() is not StructType s || s.FindMemberPath(member) is not MemberLookup m)
            throw new KernelObjectException($"There is no member named {member} in {type}.");
        return m.Offset;
    }

    private static ulong Address(KObject head) => head.IsPointer ? head.ToUInt64() : head.Address;

    private static ulong ReadLink(KernelProgram kernel, ulong node, ulong offset, ulong head)
    {
        if (!kernel.Memory.TryReadPointer(node + offset, out ulong next))
            throw new ListWalkException(head, node, $"cannot read list pointer at 0x{node + offset:x}");
        return next;
    }
}
