namespace Crashdive.Commands.Gdb;

/// <summary>
/// <c>gdb COMMAND</c>: runs one of gdb's commands that crashdive implements (print, output, printf, x, ptype,
/// whatis, info, list) as crash passes a line to its gdb; the prompt also hands every word that is no crash
/// command but names a gdb command (or a unique prefix of one, or an alias) here. A gdb command crashdive has
/// no implementation of is refused by name.
/// </summary>
public sealed class GdbCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "gdb";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "gdb",
        Summary = "run one of gdb's commands",
        Synopsis = "command ...",
        Description = """
            crash hands a line it has no command for to its embedded gdb. crashdive has no gdb inside: it
            implements the gdb commands people use at the crash prompt on its own kernel objects, symbols,
            disassembler and unwinder, with gdb's output layouts. They can be typed as they are, or after "gdb"
            (needed for gdb's whatis, list and frame, whose names are crashdive commands). Abbreviations and
            aliases gdb accepts are accepted (i r, inf reg, disas). Any other gdb command is refused with one
            line naming it; gdb's commands that would run or change a program are refused as crash refuses them.

              print[/f] expr, p/f expr   a value, in a format (see "help print")
              output[/f] expr            a value without "$N = " or newline
              printf "fmt", expr, ...    C formatting
              x/nfu addr                 memory (see "help x")
              ptype[/o] type|expr        a type in full (see "help ptype")
              whatis type|expr           a type's name (one typedef off)
              info registers|frame|...   see "help info"
              list func|*addr            ten source lines around it
              disassemble [addr]         the whole function, the frame's pc marked
              frame N, up, down          choose a frame, numbered as gdb does
            """,
        Arguments = [new("command", "a gdb command and its arguments")],
        Examples =
        [
            new("gdb whatis init_task", "type = struct task_struct"),
            new("gdb frame 2", "selects gdb's frame 2 for info registers and x/i"),
            new("i r rip", "the selected frame's rip"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
            throw new CommandUsageException("");
        string first = args[0];
        int slash = first.IndexOf('/');
        string word = slash > 0 ? first[..slash] : first;
        var rest = new List<string>(args.Count);
        if (slash > 0)
            rest.Add(first[slash..]);
        for (int i = 1; i < args.Count; i++)
            rest.Add(args[i]);
        string? canonical = GdbCommandTable.Resolve(word);
        string line = LineOf(word, rest);
        if (GdbCommandTable.IsProhibited(word))
            throw new CommandLineFailedException($"crash: prohibited gdb command: {word}");
        switch (canonical)
        {
            case "print" or "call":
                Run(context, line, () => GdbPrint.Run(context, canonical, string.Join(' ', rest), record: true));
                return;
            case "output":
                Run(context, line, () => GdbPrint.Run(context, canonical, string.Join(' ', rest), record: false));
                return;
            case "printf":
                Run(context, line, () => GdbPrintf.Run(context, rest));
                return;
            case "x":
                ExamineCommand.Run(context, line, rest);
                return;
            case "ptype":
                Run(context, line, () => GdbTypes.Run(context, canonical, string.Join(' ', rest), ptype: true));
                return;
            case "whatis":
                Run(context, line, () => GdbTypes.Run(context, canonical, string.Join(' ', rest), ptype: false));
                return;
            case "info":
                InfoCommand.Run(context, line, rest);
                return;
            case "disassemble":
                Run(context, line, () => GdbDisassemble.Run(context, string.Join(' ', rest)));
                return;
            case "frame" or "up" or "down" or "select-frame":
                Run(context, line, () => GdbFrameCommands.Run(context, canonical, string.Join(' ', rest).Trim()));
                return;
            case "list":
                Run(context, line, () => GdbList.Run(context, string.Join(' ', rest)));
                return;
        }
        if (canonical == null)
            throw new CommandLineFailedException($"gdb: gdb request failed: {line}");
        throw new CommandLineFailedException($"gdb: gdb command not implemented in crashdive: {canonical}");
    }

    /// <summary>
    /// Runs a gdb command's <paramref name="action"/>. A gdb error fails it as crash reports any failed gdb request,
    /// naming the line (<c>gdb: gdb request failed: x/2gx foo</c>); gdb's own message is not shown, as in crash.
    /// </summary>
    public static void Run(CommandContext context, string line, Action action)
    {
        _ = context;
        try
        {
            action();
        }
        catch (GdbException)
        {
            throw new CommandLineFailedException($"gdb: gdb request failed: {line}");
        }
    }

    /// <summary>The line as typed for <paramref name="name"/> and its arguments (a leading <c>/FMT</c> touching the name).</summary>
    public static string LineOf(string name, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
            return name;
        if (args[0].StartsWith('/'))
            return name + args[0] + (args.Count > 1 ? " " + string.Join(' ', args.Skip(1)) : "");
        return name + " " + string.Join(' ', args);
    }
}
