using Crashdive.Commands;

namespace Crashdive.Cli.Builtins;

/// <summary><c>alias</c>: list, show, make and delete aliases, in crash's words and layout.</summary>
public sealed class AliasCommand(Session session) : ICommand
{
    /// <summary>Width crash gives the ORIGIN column ("builtin", "runtime").</summary>
    private const int OriginWidth = 7;

    /// <inheritdoc/>
    public string Name => "alias";

    /// <inheritdoc/>
    public CommandSpec Spec => Declaration;

    /// <summary>The declaration, static so that the man page and completion can list it without a session.</summary>
    public static CommandSpec Declaration { get; } = new()
    {
        Name = "alias",
        Summary = "command aliases",
        Synopsis = "[alias] [command string]",
        Description = """
            Gives a command line a short name. Without arguments, lists every alias with its origin (builtin or
            runtime) and what it stands for; with one, shows that alias. With a name and a command string,
            defines the alias: when the first word typed at the prompt is an alias, it is replaced by the
            command string, and the rest of the line follows it.

            The command string must begin with a command, and an alias may not take a command's name. To keep
            a pipe or a redirection inside the alias, quote the whole command string. An empty string ("")
            deletes the alias. The built-in aliases are crash's: man and ? (help), quit (q), sf and sn (set
            scroll off/on), hex and dec (set radix), px and pd (p -x, p -d), for (foreach), size (*), dmesg
            (log), lsmod (mod), last (ps -l).
            """,
        Arguments =
        [
            new("alias", "the name to define, show or delete"),
            new("command string", "what the alias stands for; \"\" deletes it"),
        ],
        Examples =
        [
            new("alias kp kmem -p", "kp now runs kmem -p"),
            new("alias lastlog \"log | tail -20\"", "an alias that keeps its pipe"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var aliases = session.Aliases;
        switch (args.Count)
        {
            case 0:
                List(context.Out, null);
                return;
            case 1:
                List(context.Out, args[0]);
                return;
        }
        if (args.Count == 2 && args[1].Trim().Length == 0)
        {
            if (session.Commands.ContainsKey(args[0]))
                throw new CommandException($"cannot alias existing command name: {args[0]}");
            if (aliases.Remove(args[0]))
                context.Out.WriteLine($"alias deleted: {args[0]}");
            return;
        }
        aliases.Define(args[0], args.Skip(1).ToList());
        List(context.Out, args[0]);
    }

    // crash's list_aliases: "ORIGIN   ALIAS    COMMAND", then "origin  alias    words " per alias.
    private void List(TextWriter w, string? only)
    {
        var all = session.Aliases.All;
        if (all.Count == 0)
            throw new CommandException("alias list is empty");
        w.WriteLine("ORIGIN".PadRight(OriginWidth) + "  ALIAS    COMMAND");
        bool found = false;
        foreach (var a in all)
        {
            if (only != null && a.Name != only)
                continue;
            found = true;
            string origin = a.Origin == AliasOrigin.Builtin ? "builtin" : "runtime";
            w.Write(origin.PadRight(OriginWidth) + "  " + a.Name.PadRight(7) + "  ");
            foreach (var word in a.Words)
                w.Write(word + " ");
            w.WriteLine();
        }
        if (only != null && !found)
            w.WriteLine($"alias does not exist: {only}");
    }
}
