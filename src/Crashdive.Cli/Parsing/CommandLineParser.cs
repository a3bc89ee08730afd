using System.Text;

namespace Crashdive.Cli.Parsing;

/// <summary>
/// Splits a prompt line as crash does (<c>setup_redirect</c> and <c>parse_line</c> in crash's
/// cmdline.c and tools.c):
/// <list type="bullet">
/// <item><c>!</c> or <c>|</c> alone starts a shell; a line starting with either runs the rest in the shell.</item>
/// <item>Scanning left to right outside quotes and parentheses, the first <c>|</c> or <c>!</c>
/// sends the command's output to the rest of the line, run by <c>/bin/sh -c</c>; the first
/// <c>&gt;</c> (not the <c>-&gt;</c> of an expression) or <c>&gt;&gt;</c> sends it to the
/// file named by the rest of the line.</item>
/// <item>Words are separated by blanks; <c>"..."</c> and <c>'...'</c> group (quotes removed,
/// <c>\"</c> and <c>\\</c> escape inside double quotes), and a word starting with <c>(</c>
/// runs to its matching <c>)</c>, blanks included, as one expression.</item>
/// </list>
/// </summary>
public static class CommandLineParser
{
    /// <summary>Longest line accepted (crash's limit is 1500 bytes).</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>Parses <paramref name="line"/>; throws <see cref="CommandLineException"/> for a line that cannot run.</summary>
    public static CommandLine Parse(string line)
    {
        if (line.Length > MaxLineLength)
            throw new CommandLineException($"input line exceeds maximum of {MaxLineLength} bytes");
        string s = line.Trim();
        if (s.Length == 0 || s.StartsWith('#') || s.StartsWith("//", StringComparison.Ordinal))
            return CommandLine.Empty;
        if (s is "!" or "|")
            return new CommandLine { Kind = LineKind.InteractiveShell };
        if (s[0] is '!' or '|')
            return new CommandLine { Kind = LineKind.Shell, Shell = s[1..].Trim() };

        // crash's check_special_handling: "*foo" is "* foo" (the pointer-to command touching its type).
        if (s[0] == '*' && s.Length > 1 && !char.IsWhiteSpace(s[1]))
            s = "* " + s[1..];

        int split = FindSplit(s);
        string commandPart = split < 0 ? s : s[..split];
        var result = new CommandLine { Kind = LineKind.Command, Words = SplitWords(commandPart) };
        if (split >= 0)
            result = s[split] == '>' ? WithRedirect(result, s, split) : WithPipe(result, s, split);
        if (result.Words.Count == 0)
            throw new CommandLineException(split >= 0 ? $"no command before '{s[split]}'" : "empty command");
        return result;
    }

    /// <summary>
    /// The index of the first <c>|</c>, <c>!</c> or <c>&gt;</c> outside quotes and parentheses,
    /// or -1. A <c>&gt;</c> right after <c>-</c> is the <c>-&gt;</c> of an expression.
    /// </summary>
    private static int FindSplit(string s)
    {
        int depth = 0;
        char quote = '\0';
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (quote != '\0')
            {
                if (c == '\\' && quote == '"' && i + 1 < s.Length)
                    i++;
                else if (c == quote)
                    quote = '\0';
                continue;
            }
            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--; // as in crash, an unmatched ')' leaves the rest "inside"
                    break;
                case '|' or '!' when depth == 0:
                    return i;
                case '>' when depth == 0 && !(i > 0 && s[i - 1] == '-'):
                    return i;
            }
        }
        return -1;
    }

    private static CommandLine WithPipe(CommandLine command, string s, int at)
    {
        string pipeline = s[(at + 1)..].Trim();
        if (pipeline.Length == 0)
            throw new CommandLineException($"no shell command after '{s[at]}'");
        if (pipeline.EndsWith('|'))
            throw new CommandLineException("pipe to nowhere?");
        return command with { Shell = pipeline };
    }

    private static CommandLine WithRedirect(CommandLine command, string s, int at)
    {
        bool append = at + 1 < s.Length && s[at + 1] == '>';
        string path = s[(at + (append ? 2 : 1))..].Trim();
        if (path.Length >= 2 && path[0] is '"' or '\'' && path[^1] == path[0])
            path = path[1..^1];
        if (path.Length == 0)
            throw new CommandLineException($"no file name after {(append ? ">>" : ">")}");
        return command with { RedirectPath = path, Append = append };
    }

    /// <summary>Splits the command part into words (see the class summary for the rules).</summary>
    public static IReadOnlyList<string> SplitWords(string s)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        int i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i]))
                i++;
            if (i >= s.Length)
                break;
            if (s[i] == '(')
            {
                int end = MatchingParen(s, i);
                words.Add(s[i..end]);
                i = end;
                continue;
            }
            word.Clear();
            while (i < s.Length && !char.IsWhiteSpace(s[i]))
            {
                char c = s[i];
                if (c is '"' or '\'')
                {
                    i = ReadQuoted(s, i, word);
                    continue;
                }
                word.Append(c);
                i++;
            }
            words.Add(word.ToString());
        }
        return words;
    }

    /// <summary>Appends the quoted string starting at <paramref name="open"/> to <paramref name="word"/>; returns the index after the closing quote.</summary>
    private static int ReadQuoted(string s, int open, StringBuilder word)
    {
        char quote = s[open];
        for (int i = open + 1; i < s.Length; i++)
        {
            char c = s[i];
            if (c == quote)
                return i + 1;
            if (quote == '"' && c == '\\' && i + 1 < s.Length && s[i + 1] is '"' or '\\')
                c = s[++i];
            word.Append(c);
        }
        throw new CommandLineException($"unterminated {(quote == '"' ? "double" : "single")} quote");
    }

    /// <summary>The index after the <c>)</c> matching the <c>(</c> at <paramref name="open"/>, or the end of the line.</summary>
    private static int MatchingParen(string s, int open)
    {
        int depth = 0;
        for (int i = open; i < s.Length; i++)
        {
            if (s[i] == '(')
                depth++;
            else if (s[i] == ')' && --depth == 0)
                return i + 1;
        }
        return s.Length;
    }
}
