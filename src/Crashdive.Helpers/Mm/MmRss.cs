using Crashdive.Dumps;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Mm;

/// <summary>
/// The resident set of every address space, as the kernel's <c>get_mm_rss()</c> adds it (MM_FILEPAGES,
/// MM_ANONPAGES and MM_SHMEMPAGES, each counted only when positive) plus, on kernels with
/// SPLIT_RSS_COUNTING (up to 6.1), the per-thread caches in each thread's <c>task-&gt;rss_stat</c> not yet
/// folded into the mm. Built once per kernel in one pass over the task table, so a row of <c>ps</c> costs
/// the same for a process of one thread as for one of ten thousand.
/// </summary>
public sealed class MmRss
{
    private readonly KernelProgram _kernel;
    private readonly Dictionary<ulong, long> _threadCaches;
    private readonly Dictionary<ulong, ulong> _rss = [];
    private readonly object _lock = new();

    private MmRss(KernelProgram kernel, Dictionary<ulong, long> threadCaches)
    {
        _kernel = kernel;
        _threadCaches = threadCaches;
    }

    /// <summary>The kernel's table, built at first use.</summary>
    public static MmRss Of(KernelProgram kernel) => kernel.Cached(Build);

    /// <summary>Resident pages of the <c>struct mm_struct</c> at <paramref name="mm"/> (0 for none).</summary>
    public ulong Pages(ulong mm)
    {
        if (mm == 0)
            return 0;
        lock (_lock)
        {
            if (_rss.TryGetValue(mm, out ulong cached))
                return cached;
        }
        long rss = 0;
        foreach (int counter in Counters)
        {
            long v = MmCounters.Counter(_kernel, mm, counter);
            if (v > 0)
                rss += v;
        }
        rss += _threadCaches.GetValueOrDefault(mm);
        ulong pages = rss > 0 ? (ulong)rss : 0;
        lock (_lock)
            _rss[mm] = pages;
        return pages;
    }

    private static readonly int[] Counters = [MmCounters.FilePages, MmCounters.AnonPages, MmCounters.ShmemPages];

    private static MmRss Build(KernelProgram kernel)
    {
        var caches = new Dictionary<ulong, long>();
        // task->rss_stat exists with SPLIT_RSS_COUNTING, up to 6.1 (removed by commit f1a7941243c1 in 6.2)
        if (kernel.FindType("struct task_struct") is CType taskType && taskType.Underlying() is StructType st &&
            st.FindMemberPath("rss_stat.count") is MemberLookup count && count.Type.Underlying() is ArrayType array &&
            array.ElementType.Size == 4 && array.Length is ulong length)
        {
            // int count[NR_MM_COUNTERS], in the kernel's enum order (file, anon, swap entries, shmem)
            int n = (int)Math.Min(length, 8);
            Span<int> counts = stackalloc int[n];
            Span<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(counts);
            foreach (TaskEntry t in TaskTable.Of(kernel).Tasks)
            {
                if (t.Mm == 0 || !kernel.Memory.TryRead(t.Task + count.Offset, bytes))
                    continue;
                long pending = 0;
                foreach (int counter in Counters)
                {
                    if (counter < n && counts[counter] > 0)
                        pending += counts[counter];
                }
                if (pending != 0)
                    caches[t.Mm] = caches.GetValueOrDefault(t.Mm) + pending;
            }
        }
        return new MmRss(kernel, caches);
    }
}
