namespace Crashdive.Commands.Gdb;

/// <summary>
/// gdb's <c>info</c>: <c>registers</c>, <c>frame</c>, <c>locals</c>, <c>args</c>, <c>symbol</c>, <c>address</c> and
/// <c>line</c>, by gdb's names, abbreviations and aliases; its other subcommands are refused by name.
/// </summary>
public sealed partial class InfoCommand : ICommand
{
    /// <summary>Each subcommand crashdive implements, by gdb's full name.</summary>
    private static readonly string[] Implemented = ["registers", "frame", "locals", "args", "symbol", "address", "line"];

    /// <summary>gdb 16's info subcommands (for prefixes and for the name in a refusal).</summary>
    private static readonly string[] Subcommands =
    [
        "address", "all-registers", "args", "auto-load", "auxv", "bookmarks", "breakpoints", "checkpoints",
        "classic", "common", "connections", "copying", "dcache", "display", "exceptions", "extensions", "files",
        "float", "frame", "frame-filter", "functions", "guile", "inferiors", "line", "locals", "macro", "macros",
        "main", "mem", "module", "modules", "os", "pretty-printer", "probes", "proc", "program", "record",
        "registers", "scope", "selectors", "sharedlibrary", "signals", "skip", "source", "sources", "stack",
        "static-tracepoint-markers", "symbol", "target", "tasks", "terminal", "threads", "tracepoints", "tvariables",
        "type-printers", "types", "unwinder", "variables", "vector", "vtbl", "warranty", "watchpoints", "win",
        "xmethod",
    ];

    private static readonly Dictionary<string, string> SubAliases = new(StringComparer.Ordinal)
    {
        ["r"] = "registers", ["f"] = "frame", ["s"] = "stack", ["b"] = "breakpoints", ["dll"] = "sharedlibrary",
        ["set"] = "set",
    };

    /// <inheritdoc/>
    public string Name => "info";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "info",
        Summary = "registers, frame, variables, symbols and lines, as gdb's info shows them",
        Synopsis = "registers [register ...] | frame | locals | args |\n       symbol address | address symbol | line function | line *address",
        Description = """
            gdb's info subcommands that look at a dump, on the current task (see "set") and the frame gdb's
            commands work in (frame 0, or the one chosen with "gdb frame N" or "frame N"). Subcommands may be
            shortened as in gdb (info reg, i r, info sym); others (info threads, info breakpoints...) are refused
            by name.

              registers  each general register of the frame in hexadecimal and in
                         its natural form; <unavailable> where the frame does not
                         know it; name registers ($ optional) to see only those
              frame      the frame's CFA, pc and function, its neighbours, and
                         where its caller's registers were saved
              locals     the local variables of the frame's function
              args       its arguments
              symbol A   the symbol address A is in, and its section
              address S  where symbol S is: a function or static storage
              line F     the source line of function F (or *ADDRESS) and its code
            """,
        Arguments = [new("subcommand", "registers, frame, locals, args, symbol, address or line, and its arguments")],
        Examples =
        [
            new("info registers rip rsp", "two registers of the selected frame"),
            new("info symbol 0xffffffff82a0c948", "init_task + 8 in section .data"),
            new("info line schedule", "where schedule's first line starts and ends"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args) => Run(context, GdbCommand.LineOf(Name, args), args);

    /// <summary>Runs info over <paramref name="args"/>; a failure names <paramref name="line"/>.</summary>
    public static void Run(CommandContext context, string line, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
            throw new CommandException("List of info subcommands:  registers, frame, locals, args, symbol, address, line");
        string word = args[0];
        string? sub = Resolve(word);
        string rest = string.Join(' ', args.Skip(1)).Trim();
        GdbCommand.Run(context, line, () =>
        {
            switch (sub)
            {
                case "registers":
                    Registers(context, rest);
                    return;
                case "frame":
                    Frame(context);
                    return;
                case "locals":
                    Locals(context);
                    return;
                case "args":
                    Arguments(context);
                    return;
                case "symbol":
                    Symbol(context, rest);
                    return;
                case "address":
                    Address(context, rest);
                    return;
                case "line":
                    Line(context, rest);
                    return;
                case null:
                    throw new GdbException("Undefined info command");
                default:
                    throw new CommandLineFailedException($"gdb: gdb command not implemented in crashdive: info {sub}");
            }
        });
    }

    /// <summary>The info subcommand gdb finds for <paramref name="word"/>, or null.</summary>
    private static string? Resolve(string word)
    {
        if (SubAliases.TryGetValue(word, out string? alias))
            return alias;
        string? found = null;
        foreach (string s in Subcommands)
        {
            if (s == word)
                return s;
            if (s.StartsWith(word, StringComparison.Ordinal))
            {
                if (found != null)
                    return null;
                found = s;
            }
        }
        return found;
    }

    /// <summary>True when crashdive implements the info subcommand <paramref name="name"/>.</summary>
    public static bool Implements(string name) => Array.IndexOf(Implemented, name) >= 0;
}
