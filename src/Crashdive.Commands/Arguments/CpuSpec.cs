namespace Crashdive.Commands.Arguments;

/// <summary>
/// A CPU list as crash takes it after a colon (<c>ptov offset:cpuspec</c>, <c>p var:cpuspec</c>):
/// <c>a</c> or <c>all</c>, single CPUs and ranges separated by commas (<c>0,2-3</c>).
/// </summary>
public static class CpuSpec
{
    /// <summary>
    /// The CPUs <paramref name="spec"/> names, each below <paramref name="cpuCount"/>, in ascending order.
    /// Throws crash's <c>invalid cpu specification: ...</c> for CPUs out of range.
    /// </summary>
    public static IReadOnlyList<int> Parse(string spec, int cpuCount)
    {
        var set = new SortedSet<int>();
        foreach (string part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int start, end;
            if (part is "a" or "all")
            {
                start = 0;
                end = cpuCount - 1;
            }
            else
            {
                string[] ends = part.Split('-', StringSplitOptions.RemoveEmptyEntries);
                start = Digits(ends.Length > 0 ? ends[0] : "", spec);
                end = ends.Length > 1 ? Digits(ends[1], spec) : start;
            }
            if (start < 0 || start >= cpuCount || end < 0 || end >= cpuCount)
                throw new CommandException($"invalid cpu specification: {spec}");
            for (int c = start; c <= end; c++)
                set.Add(c);
        }
        return [.. set];
    }

    private static int Digits(string s, string spec)
    {
        if (s.Length == 0)
            throw new CommandException($"invalid cpu specification: {spec}");
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c))
                throw new CommandException($"{s}: \"{c}\" is not a digit 0 - 9");
        }
        return int.TryParse(s, out int v) ? v : int.MaxValue;
    }
}
