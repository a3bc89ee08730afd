using Crashdive.Dumps;

namespace Crashdive.Tests.Support;

/// <summary>A sample of real kernel pages from the kdump fixture, for codec tests.</summary>
public static class RealPages
{
    private static List<byte[]>? _pages;

    /// <summary>Up to <paramref name="count"/> distinct, non-zero present pages spread over the dump.</summary>
    public static IReadOnlyList<byte[]> Sample(int count = 400)
    {
        lock (typeof(RealPages))
        {
            if (_pages != null && _pages.Count >= count)
                return _pages.Take(count).ToList();
            using var dump = DumpOpener.Open(Fixtures.Path("kdump/vmcore.kdump-zlib"));
            var present = new List<ulong>();
            for (ulong pfn = 0; pfn < dump.MaxPfn; pfn++)
                if (dump.GetPageStatus(pfn) == PageStatus.Present)
                    present.Add(pfn);
            var pages = new List<byte[]>();
            var seen = new HashSet<string>();
            int step = Math.Max(1, present.Count / (count * 2));
            for (int i = 0; i < present.Count && pages.Count < count; i += step)
            {
                var p = new byte[4096];
                if (dump.TryReadPage(present[i], p) != null || p.AsSpan().IndexOfAnyExcept((byte)0) < 0)
                    continue;
                if (seen.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(p))))
                    pages.Add(p);
            }
            _pages = pages;
            return pages;
        }
    }
}
