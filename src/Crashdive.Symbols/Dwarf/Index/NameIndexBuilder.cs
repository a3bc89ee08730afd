using System.Runtime.ExceptionServices;

namespace Crashdive.Symbols.Dwarf.Index;

/// <summary>
/// Builds the name index in one pass over all units, in parallel: each worker takes the next
/// unit (largest first, for balance), scans it into its own <see cref="EntrySet"/>; the sets are
/// merged and sorted by (hash, DIE offset). The result is the same whatever the thread count.
/// </summary>
internal static class NameIndexBuilder
{
    /// <summary>Scans every unit of <paramref name="file"/> with up to <paramref name="threads"/> threads.</summary>
    public static (ulong[] Hashes, ulong[] Packed) Build(DwarfFile file, int threads)
    {
        var units = new List<DwarfUnit>(file.InfoUnits.Count + file.TypesUnits.Count);
        units.AddRange(file.InfoUnits);
        units.AddRange(file.TypesUnits);
        units.Sort(static (a, b) => (b.End - b.Offset).CompareTo(a.End - a.Offset));
        DwarfUnit[] work = units.ToArray();

        threads = Math.Clamp(threads, 1, Math.Max(1, work.Length));
        // Every thread sees most header types, so each set ends up near the whole index: about one
        // entry per KiB of .debug_info (165k for vmlinux's 166 MB). Sized up front, no set grows
        // (growing from 64k slots allocated and rehashed 10 MiB more per thread on vmlinux).
        long expected = (file.Info.Length + file.Types.Length) / 1000;
        int capacity = (int)Math.Min(1 << 22, System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)Math.Max(4096, expected * 4 / 3 + 1)));
        var sets = new EntrySet[threads];
        int next = -1;
        ExceptionDispatchInfo? failure = null;

        void Worker(int w)
        {
            var set = new EntrySet(capacity);
            sets[w] = set;
            try
            {
                while (true)
                {
                    int i = Interlocked.Increment(ref next);
                    if (i >= work.Length || Volatile.Read(ref failure) != null)
                        break;
                    UnitScanner.Scan(work[i], set);
                    work[i].Section.ReleaseResident(work[i].Offset, work[i].End); // read once: peak RSS -160 MiB on vmlinux
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
            }
        }

        if (threads == 1)
        {
            Worker(0);
        }
        else
        {
            var pool = new Thread[threads - 1];
            for (int t = 0; t < pool.Length; t++)
            {
                int w = t + 1;
                pool[t] = new Thread(() => Worker(w)) { IsBackground = true, Name = "crashdive-dwarf-index" };
                pool[t].Start();
            }
            Worker(0);
            foreach (Thread t in pool)
                t.Join();
        }
        failure?.Throw();

        EntrySet all = sets[0];
        for (int t = 1; t < sets.Length; t++)
        {
            if (sets[t].Count > all.Count)
                (all, sets[t]) = (sets[t], all);
            all.AddAll(sets[t]);
        }

        var hashes = new ulong[all.Count];
        var packed = new ulong[all.Count];
        all.CopyTo(hashes, packed);
        SortByHashThenOffset(hashes, packed);
        return (hashes, packed);
    }

    private static void SortByHashThenOffset(ulong[] hashes, ulong[] packed)
    {
        Array.Sort(hashes, packed);
        // Equal hashes (one name in several DIEs) are few per name: order each run by offset.
        int i = 0;
        while (i < hashes.Length)
        {
            int j = i + 1;
            while (j < hashes.Length && hashes[j] == hashes[i])
                j++;
            if (j - i > 1)
                Array.Sort(packed, i, j - i, OffsetComparer.Instance);
            i = j;
        }
    }

    private sealed class OffsetComparer : IComparer<ulong>
    {
        public static readonly OffsetComparer Instance = new();

        public int Compare(ulong x, ulong y)
        {
            var ex = new NameIndexEntry(0, x);
            var ey = new NameIndexEntry(0, y);
            int c = ex.DieKey.CompareTo(ey.DieKey);
            return c != 0 ? c : x.CompareTo(y);
        }
    }
}
