using System.Text;

namespace Crashdive.Commands;

/// <summary>Lays a <see cref="CommandSpec"/> out as the text <c>help CMD</c> prints: NAME, SYNOPSIS, DESCRIPTION,
/// OPTIONS, ARGUMENTS, EXAMPLES, in 80 columns.</summary>
public static class HelpRenderer
{
    /// <summary>The width help text is wrapped to.</summary>
    public const int Width = 78;

    /// <summary>The help text of <paramref name="spec"/>, ending without a newline.</summary>
    public static string Render(CommandSpec spec)
    {
        var sb = new StringBuilder();
        sb.Append("NAME\n  ").Append(spec.Name).Append(" - ").Append(spec.Summary).Append("\n\nSYNOPSIS\n");
        // as crash's usage lays it out: continuation lines keep the blanks the declaration gives them
        sb.Append("  ").Append(spec.Name);
        if (spec.Synopsis.Length > 0)
            sb.Append(' ').Append(spec.Synopsis);
        sb.Append('\n');
        sb.Append("\nDESCRIPTION\n");
        foreach (string paragraph in Paragraphs(spec.Description))
        {
            AppendParagraph(sb, paragraph, "  ");
            sb.Append('\n');
        }
        if (spec.Options.Count > 0)
        {
            sb.Append("OPTIONS\n");
            AppendTable(sb, spec.Options.Select(o => (o.Display, o.Meaning)));
            sb.Append('\n');
        }
        if (spec.Arguments.Count > 0)
        {
            sb.Append("ARGUMENTS\n");
            AppendTable(sb, spec.Arguments.Select(a => (a.Name, a.Meaning)));
            sb.Append('\n');
        }
        if (spec.Examples.Count > 0)
        {
            sb.Append("EXAMPLES\n");
            foreach (var e in spec.Examples)
            {
                sb.Append("  crash> ").Append(e.Line).Append('\n');
                AppendWrapped(sb, e.Meaning, "      ", "      ");
            }
            sb.Append('\n');
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>The paragraphs of a description: blocks separated by blank lines, each with its own lines.</summary>
    public static IEnumerable<string> Paragraphs(string text)
    {
        var current = new List<string>();
        foreach (string raw in text.Replace("\r", "").Split('\n'))
        {
            if (raw.Trim().Length == 0)
            {
                if (current.Count > 0)
                    yield return string.Join('\n', current);
                current.Clear();
                continue;
            }
            current.Add(raw.TrimEnd());
        }
        if (current.Count > 0)
            yield return string.Join('\n', current);
    }

    /// <summary>True when a paragraph is shown as written (its first line starts with a blank).</summary>
    public static bool IsPreformatted(string paragraph) => paragraph.Length > 0 && paragraph[0] == ' ';

    private static void AppendParagraph(StringBuilder sb, string paragraph, string indent)
    {
        if (IsPreformatted(paragraph))
        {
            foreach (string line in paragraph.Split('\n'))
                sb.Append(indent).Append(line).Append('\n');
            return;
        }
        AppendWrapped(sb, paragraph.Replace('\n', ' '), indent, indent);
    }

    // Options and arguments: the name in a column as wide as the longest (up to 20), the meaning wrapped beside it;
    // a longer name gets the meaning on the next line.
    private static void AppendTable(StringBuilder sb, IEnumerable<(string Name, string Meaning)> rows)
    {
        var list = rows.ToList();
        int column = Math.Min(20, list.Max(r => r.Name.Length));
        string hang = new(' ', 2 + column + 2);
        foreach (var (name, meaning) in list)
        {
            if (name.Length > column)
            {
                sb.Append("  ").Append(name).Append('\n');
                AppendWrapped(sb, meaning, hang, hang);
            }
            else
                AppendWrapped(sb, meaning, "  " + name.PadRight(column) + "  ", hang);
        }
    }

    /// <summary>Appends <paramref name="text"/> wrapped to <see cref="Width"/>, the first line after <paramref name="first"/>, the rest after <paramref name="rest"/>.</summary>
    public static void AppendWrapped(StringBuilder sb, string text, string first, string rest)
    {
        string prefix = first;
        int length = 0;
        bool empty = true;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && length + 1 + word.Length > Width)
            {
                sb.Append('\n');
                empty = true;
                prefix = rest;
            }
            if (empty)
            {
                sb.Append(prefix).Append(word);
                length = prefix.Length + word.Length;
                empty = false;
            }
            else
            {
                sb.Append(' ').Append(word);
                length += 1 + word.Length;
            }
        }
        sb.Append('\n');
    }
}
