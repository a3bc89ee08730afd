namespace Crashdive.Symbols;

/// <summary>Binary search over ascending address or offset tables.</summary>
internal static class SortedSearch
{
    /// <summary>
    /// Index of the last element of ascending <paramref name="sorted"/> that is at or below
    /// <paramref name="value"/> (the last of equal ones), or -1 when every element is above it.
    /// </summary>
    public static int LastAtOrBelow(ReadOnlySpan<ulong> sorted, ulong value)
    {
        int lo = 0, hi = sorted.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (sorted[mid] <= value)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }
}
