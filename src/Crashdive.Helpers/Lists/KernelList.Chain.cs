using Crashdive.Kernel;

namespace Crashdive.Helpers.Lists;

public static partial class KernelList
{
    /// <summary>
    /// The nodes of a chain followed through the pointer at <paramref name="nextOffset"/> of each node,
    /// from <paramref name="start"/> (included), as crash's <c>do_list</c> walks any linked list: the walk
    /// ends before a NULL pointer (or fails on one when <paramref name="nullIsError"/>, as a list_head never
    /// holds NULL), and before a node equal to <paramref name="end"/>, to <paramref name="start"/>, to the
    /// node just visited, or to the first node after <paramref name="start"/> once past it. A node seen
    /// twice stops the walk with a <see cref="ListWalkException"/> (reason "duplicate list entry") after
    /// it was yielded, where crash reports it; so does an unreadable pointer and the
    /// <paramref name="maxNodes"/> bound. Duplicates are found with a set of the nodes seen (crash's
    /// hash queue), which costs one entry per node.
    /// </summary>
    public static IEnumerable<ulong> Chain(KernelProgram kernel, ulong start, ulong nextOffset, ulong end = 0,
        bool nullIsError = false, int maxNodes = DefaultMaxNodes)
    {
        ulong first = ReadLink(kernel, start, nextOffset, start);
        var seen = new HashSet<ulong>();
        ulong next = start;
        for (int count = 1; ; count++)
        {
            yield return next;
            if (next != 0 && !seen.Add(next))
                throw new ListWalkException(start, next, "duplicate list entry");
            if (count >= maxNodes)
                throw new ListWalkException(start, next, $"more than {maxNodes} entries");
            ulong last = next;
            next = ReadLink(kernel, next, nextOffset, start);
            if (next == 0)
            {
                if (nullIsError)
                    throw new ListWalkException(start, 0, "invalid list entry");
                yield break;
            }
            if (next == end || next == start || next == last || (next == first && count != 1))
                yield break;
        }
    }
}
