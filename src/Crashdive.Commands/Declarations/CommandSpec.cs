using System.Text;

namespace Crashdive.Commands;

/// <summary>
/// A command's declaration: everything a user can learn about it without running it. Each command builds
/// its one <see cref="CommandSpec"/> in its own file; <c>help CMD</c>, the usage line printed after a bad
/// option, the getopt string, the man page and shell completion are all generated from it.
/// </summary>
public sealed class CommandSpec
{
    /// <summary>The name typed at the prompt.</summary>
    public required string Name { get; init; }

    /// <summary>A few words for the command list and the NAME line (<c>system data</c>).</summary>
    public required string Summary { get; init; }

    /// <summary>
    /// The usage after the command's name, in crash's notation and layout (an interface: scripts and users read
    /// it). A longer synopsis goes on after <c>\n</c> with the blanks crash puts before it, so that
    /// <c>"  " + Name + " " + Synopsis</c> lines up as crash prints it; a second form starts with the name
    /// (<c>"file\n  lua -e chunk"</c>). An empty string for a command with no arguments.
    /// </summary>
    public required string Synopsis { get; init; }

    /// <summary>What the command does in crashdive, in paragraphs separated by a blank line. A paragraph whose
    /// lines start with a blank is shown as written (a table, a layout); the others are wrapped.</summary>
    public required string Description { get; init; }

    /// <summary>The options, in the order help lists them.</summary>
    public IReadOnlyList<CommandOption> Options { get; init; } = [];

    /// <summary>The positional arguments, in the order help lists them.</summary>
    public IReadOnlyList<CommandArgument> Arguments { get; init; } = [];

    /// <summary>Example command lines with what each shows.</summary>
    public IReadOnlyList<CommandExample> Examples { get; init; } = [];

    /// <summary>Getopt letters the declared one-letter options do not produce (<c>rd</c>'s <c>-16</c> is letter
    /// <c>1</c> with value <c>6</c>: <c>"1:3:6:"</c>; <c>sys -panic</c> is <c>"p:"</c>).</summary>
    public string ExtraGetopt { get; init; } = "";

    /// <summary>The getopt string the command parses with: each one-letter option (with <c>:</c> or <c>::</c>
    /// when it takes a value), then <see cref="ExtraGetopt"/>.</summary>
    public string Getopt
    {
        get
        {
            var sb = new StringBuilder();
            foreach (var o in Options)
            {
                if (o.Letter is not char c)
                    continue;
                sb.Append(c);
                if (o.Argument != null)
                    sb.Append(o.OptionalArgument ? "::" : ":");
            }
            return sb.Append(ExtraGetopt).ToString();
        }
    }

    /// <summary>The synopsis lines without their leading blanks, the first starting with the command's name.</summary>
    public IReadOnlyList<string> SynopsisLines
    {
        get
        {
            var lines = new List<string>();
            foreach (string line in Synopsis.Split('\n'))
            {
                string t = line.Trim();
                lines.Add(lines.Count == 0 ? (t.Length == 0 ? Name : $"{Name} {t}") : t);
            }
            return lines;
        }
    }

    /// <summary>crash's usage message for a bad option or argument: <c>Usage:</c>, the synopsis, and where to read more.</summary>
    public string Usage => Crashdive.Commands.Arguments.CrashText.Usage(Name, Synopsis);

    /// <summary>The full help text, as <c>help CMD</c> prints it.</summary>
    public string Help => HelpRenderer.Render(this);
}
