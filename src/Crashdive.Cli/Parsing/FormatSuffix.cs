namespace Crashdive.Cli.Parsing;

/// <summary>
/// gdb's output-format suffix on a command name, which crash passes through to gdb: <c>x/8gx ADDR</c> is
/// <c>x /8gx ADDR</c>, <c>p/x jiffies</c> is <c>p /x jiffies</c>; gdb reads the format from the word after the
/// name, as it does when the two stand apart. A word without a slash after its first character is left as it is.
/// </summary>
public static class FormatSuffix
{
    /// <summary>The words with <c>NAME/FMT</c> split into <c>NAME</c> and <c>/FMT</c>; otherwise the words unchanged.</summary>
    public static IReadOnlyList<string> Rewrite(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
            return words;
        string first = words[0];
        int slash = first.IndexOf('/');
        if (slash <= 0)
            return words;
        var result = new List<string>(words.Count + 1) { first[..slash], first[slash..] };
        for (int i = 1; i < words.Count; i++)
            result.Add(words[i]);
        return result;
    }
}
