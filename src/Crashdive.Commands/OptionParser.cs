namespace Crashdive.Commands;

/// <summary>
/// getopt-style parsing as crash does it: single-letter flags that may be bundled (<c>-tm</c>),
/// letters that take a value (<c>-m member</c> or <c>-mmember</c>), and positional words.
/// </summary>
public sealed class OptionParser
{
    private readonly string _command;
    private readonly string _flags;
    private readonly string _withValue;

    /// <summary>Accepts the letters in <paramref name="flags"/>, and those in <paramref name="withValue"/> followed by a value.</summary>
    public OptionParser(string command, string flags, string withValue = "")
    {
        _command = command;
        _flags = flags;
        _withValue = withValue;
    }

    /// <summary>Splits <paramref name="args"/>; an unknown option throws a <see cref="CommandUsageException"/> naming it (the prompt adds the usage line).</summary>
    public (HashSet<char> Flags, Dictionary<char, string> Values, List<string> Words) Parse(IReadOnlyList<string> args)
    {
        var flags = new HashSet<char>();
        var values = new Dictionary<char, string>();
        var words = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a.Length < 2 || a[0] != '-' || char.IsDigit(a[1]))
            {
                words.Add(a);
                continue;
            }
            for (int j = 1; j < a.Length; j++)
            {
                char c = a[j];
                if (_withValue.Contains(c))
                {
                    string v = j + 1 < a.Length ? a[(j + 1)..] : (i + 1 < args.Count ? args[++i] : throw new CommandUsageException($"option requires an argument -- '{c}'"));
                    values[c] = v;
                    break;
                }
                if (!_flags.Contains(c))
                    throw new CommandUsageException($"invalid option -- '{c}'");
                flags.Add(c);
            }
        }
        return (flags, values, words);
    }
}
