namespace Crashdive.Kernel;

public sealed partial class Kallsyms
{
    /// <summary>
    /// The symbol of rank <paramref name="rank"/> in address order (ties by name), 0 to <see cref="Count"/> - 1.
    /// Ranks let callers step to the previous and next symbols.
    /// </summary>
    public KernelSymbol this[int rank]
    {
        get
        {
            int i = _byAddress[rank];
            return new KernelSymbol(_names[i], _types[i], _addresses[i]);
        }
    }

    /// <summary>Rank of the last symbol at or below <paramref name="address"/>, or -1 when every symbol is above it.</summary>
    public int RankAtOrBelow(ulong address)
    {
        int lo = 0, hi = _byAddress.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_addresses[_byAddress[mid]] <= address)
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

    /// <summary>
    /// Rank of the symbol crash would name for <paramref name="address"/>: the first of the symbols
    /// exactly at it, otherwise the last one below it. -1 when none is at or below.
    /// </summary>
    public int RankForAddress(ulong address)
    {
        int r = RankAtOrBelow(address);
        if (r < 0 || _addresses[_byAddress[r]] != address)
            return r;
        while (r > 0 && _addresses[_byAddress[r - 1]] == address)
            r--;
        return r;
    }

    /// <summary>Ranks of every symbol named <paramref name="name"/>, in address order (static functions may repeat a name).</summary>
    public IReadOnlyList<int> RanksOf(string name)
    {
        if (!_byName.ContainsKey(name))
            return [];
        _ranksByName ??= BuildRanksByName();
        return _ranksByName[name];
    }

    private Dictionary<string, int[]>? _ranksByName;

    private Dictionary<string, int[]> BuildRanksByName()
    {
        var lists = new Dictionary<string, List<int>>(_names.Length, StringComparer.Ordinal);
        for (int r = 0; r < _byAddress.Length; r++)
        {
            string n = _names[_byAddress[r]];
            if (!lists.TryGetValue(n, out var l))
                lists[n] = l = new List<int>(1);
            l.Add(r);
        }
        var result = new Dictionary<string, int[]>(lists.Count, StringComparer.Ordinal);
        foreach (var (n, l) in lists)
            result[n] = l.ToArray();
        return result;
    }

    /// <summary>
    /// Start of the kernel's own symbols (<c>_text</c>, else <c>_stext</c>); the per-cpu symbols below it
    /// are offsets, not addresses. Null when neither symbol exists.
    /// </summary>
    public ulong? KernelStart => Lookup("_text") ?? Lookup("_stext");

    /// <summary>Highest symbol address.</summary>
    public ulong HighestAddress => _addresses[_byAddress[^1]];

    /// <summary>
    /// True when <paramref name="address"/> lies between the kernel's first and last symbol, which is
    /// when crash names a value after a symbol (<c>in_ksymbol_range</c>, kernel part).
    /// </summary>
    public bool InKernelRange(ulong address) =>
        KernelStart is ulong start && address >= start && address <= HighestAddress;
}
