namespace Crashdive.Commands.Arguments;

/// <summary>One option as the command line gave it: the letter and, for letters that take one, its value.</summary>
public readonly record struct GetoptOption(char Letter, string? Value);

/// <summary>
/// GNU getopt as crash's commands use it: an option string in getopt's syntax (<c>"Raxe:r:81:3:6:"</c>:
/// a letter followed by <c>:</c> takes a value, attached or as the next word; by <c>::</c> an optional value,
/// attached only), options kept in the
/// order given (crash's options override each other in order: <c>rd -a -64</c> is not <c>rd -64 -a</c>),
/// options and words mixed freely (GNU permutes), <c>--</c> ends the options. Every word that starts
/// with <c>-</c> is an option cluster, as in getopt; <c>-16</c> is option <c>1</c> with value <c>6</c>.
/// </summary>
public sealed class Getopt
{
    private readonly string _spec;

    /// <summary>Accepts the options described by <paramref name="spec"/> (getopt syntax).</summary>
    public Getopt(string spec) => _spec = spec;

    /// <summary>
    /// Splits <paramref name="args"/>. Unknown options and missing values do not throw: they are listed in
    /// <see cref="GetoptResult.Errors"/> with glibc's wording (<c>invalid option -- 'z'</c>), so that the
    /// command can report them with its usage, as crash does.
    /// </summary>
    public GetoptResult Parse(IReadOnlyList<string> args)
    {
        var options = new List<GetoptOption>();
        var words = new List<string>();
        var errors = new List<string>();
        bool optionsEnded = false;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (optionsEnded || a.Length < 2 || a[0] != '-')
            {
                words.Add(a);
                continue;
            }
            if (a == "--")
            {
                optionsEnded = true;
                continue;
            }
            for (int j = 1; j < a.Length; j++)
            {
                char c = a[j];
                int at = c == ':' ? -1 : _spec.IndexOf(c);
                if (at < 0)
                {
                    errors.Add($"invalid option -- '{c}'");
                    continue;
                }
                bool takesValue = at + 1 < _spec.Length && _spec[at + 1] == ':';
                // GNU "x::": an optional value, only when attached (-S=1)
                if (takesValue && at + 2 < _spec.Length && _spec[at + 2] == ':')
                {
                    options.Add(new GetoptOption(c, j + 1 < a.Length ? a[(j + 1)..] : null));
                    break;
                }
                if (!takesValue)
                {
                    options.Add(new GetoptOption(c, null));
                    continue;
                }
                if (j + 1 < a.Length)
                    options.Add(new GetoptOption(c, a[(j + 1)..]));
                else if (i + 1 < args.Count)
                    options.Add(new GetoptOption(c, args[++i]));
                else
                    errors.Add($"option requires an argument -- '{c}'");
                break;
            }
        }
        return new GetoptResult(options, words, errors);
    }
}

/// <summary>What <see cref="Getopt.Parse"/> found: options in order, the other words, and errors.</summary>
public sealed record GetoptResult(IReadOnlyList<GetoptOption> Options, IReadOnlyList<string> Words, IReadOnlyList<string> Errors);
