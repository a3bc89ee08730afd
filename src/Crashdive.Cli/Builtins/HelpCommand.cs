using Crashdive.Commands;

namespace Crashdive.Cli.Builtins;

/// <summary>
/// <c>help</c>: the command list in crash's five columns, <c>help CMD</c> (through aliases too),
/// <c>help input</c> and <c>help output</c> on the prompt, and <c>help -D</c> / <c>help -n</c>
/// for the dump file's facts.
/// </summary>
public sealed class HelpCommand(Session session) : ICommand
{
    /// <summary>crash's HELP_COLUMNS and column width.</summary>
    private const int Columns = 5, ColumnWidth = 15;

    /// <inheritdoc/>
    public string Name => "help";

    /// <inheritdoc/>
    public CommandSpec Spec => Declaration;

    /// <summary>The declaration, static so that the man page and completion can list it without a session.</summary>
    public static CommandSpec Declaration { get; } = new()
    {
        Name = "help",
        Summary = "get help",
        Synopsis = "[command | input | output | -D | -n]",
        Description = """
            Without arguments, lists every command in five columns. With a command's name (or an alias of one),
            prints that command's help: what it does, its options and arguments. "help input" explains the
            command line (history, completion, quoting, aliases, batch input) and "help output" where output can
            go (pipes, redirection, paging).
            """,
        Options =
        [
            new("-D", null, "what the dump file itself holds: format, memory ranges, pages present and excluded, CPUs and their saved registers, notes and VMCOREINFO"),
            new("-n", null, "the same as -D"),
        ],
        Arguments =
        [
            new("command", "a command or alias whose help to print"),
            new("input", "how commands are typed and read"),
            new("output", "where the output of a command can go"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var w = context.Out;
        if (args.Count == 0)
        {
            WriteList(w);
            return;
        }
        if (args[0].StartsWith('-'))
        {
            if (args[0] is "-D" or "-n")
            {
                DumpInfoReport.Write(session.Dump, w);
                return;
            }
            throw new CommandUsageException($"invalid option -- '{(args[0].Length > 1 ? args[0][1] : '-')}'");
        }
        foreach (string topic in args)
        {
            string? text = topic switch
            {
                "input" => HelpTopics.Input,
                "output" => HelpTopics.Output,
                _ => session.Find(topic)?.Spec.Help,
            };
            if (text == null)
                throw new CommandException($"No help data for \"{topic}\" is available.");
            w.WriteLine();
            w.WriteLine(text.TrimEnd());
            w.WriteLine();
        }
    }

    // crash's display_help_screen: names sorted with "q" last, filled column by column.
    private void WriteList(TextWriter w)
    {
        var names = session.Commands.Keys.Where(n => n != "q").Order(StringComparer.Ordinal).ToList();
        if (session.Commands.ContainsKey("q"))
            names.Add("q");
        int rows = (names.Count + Columns - 1) / Columns;
        w.WriteLine();
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < Columns; j++)
            {
                int at = i + j * rows;
                if (at >= names.Count)
                    break;
                w.Write(names[at].PadRight(ColumnWidth));
            }
            w.WriteLine();
        }
        w.WriteLine();
        w.WriteLine($"crashdive version: {typeof(HelpCommand).Assembly.GetName().Version?.ToString(3)}");
        w.WriteLine("For help on any command above, enter \"help <command>\".");
        w.WriteLine("For help on input options, enter \"help input\".");
        w.WriteLine("For help on output options, enter \"help output\".");
        w.WriteLine("For the dump file's facts, enter \"help -D\".");
        w.WriteLine();
    }
}
