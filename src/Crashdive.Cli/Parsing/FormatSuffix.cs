namespace Crashdive.Cli.Parsing;

/// <summary>
/// gdb's output-format suffix on a command name, which crash passes through to gdb: <c>p/x jiffies</c>
/// is <c>p -x jiffies</c>, <c>p/d</c> is <c>p -d</c>. Other formats are left for the command to refuse.
/// </summary>
public static class FormatSuffix
{
    /// <summary>The words with <c>NAME/x</c> or <c>NAME/d</c> split into <c>NAME -x</c> / <c>NAME -d</c>; otherwise the words unchanged.</summary>
    public static IReadOnlyList<string> Rewrite(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
            return words;
        string first = words[0];
        int slash = first.IndexOf('/');
        if (slash <= 0 || slash != first.Length - 2 || first[^1] is not ('x' or 'd'))
            return words;
        var result = new List<string>(words.Count + 1) { first[..slash], "-" + first[^1] };
        for (int i = 1; i < words.Count; i++)
            result.Add(words[i]);
        return result;
    }
}
