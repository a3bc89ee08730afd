using Crashdive.Kernel;

namespace Crashdive.Cli.Prompt;

/// <summary>
/// Symbol names from the kernel's own kallsyms table in the dump, decoded on the first Tab that
/// needs them and kept sorted for prefix lookups. A dump whose kallsyms cannot be read simply
/// completes no symbols.
/// </summary>
public sealed class KallsymsNameProvider(KernelProgram kernel) : ISymbolNameProvider
{
    private string[]? _sorted;

    /// <inheritdoc/>
    public IReadOnlyList<string> NamesStartingWith(string prefix, int max)
    {
        string[] names = _sorted ??= Load(kernel);
        return PrefixRange(names, prefix, max);
    }

    /// <summary>Up to <paramref name="max"/> entries of the ordinal-sorted <paramref name="sorted"/> that start with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<string> PrefixRange(string[] sorted, string prefix, int max)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(sorted[mid], prefix) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        var result = new List<string>();
        for (int i = lo; i < sorted.Length && result.Count < max && sorted[i].StartsWith(prefix, StringComparison.Ordinal); i++)
            result.Add(sorted[i]);
        return result;
    }

    private static string[] Load(KernelProgram kernel)
    {
        try
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, _, _) in kernel.Kallsyms.All())
                names.Add(name);
            var sorted = names.ToArray();
            Array.Sort(sorted, StringComparer.Ordinal);
            return sorted;
        }
        catch (Exception e) when (e is KallsymsException or KernelLayoutException or Dumps.MemoryFaultException)
        {
            return [];
        }
    }
}
