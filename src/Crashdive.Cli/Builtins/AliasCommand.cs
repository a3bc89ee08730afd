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
    public string Summary => "command aliases";

    /// <inheritdoc/>
    public string Help => """
        NAME
          alias - command aliases

        SYNOPSIS
          alias [alias] [command string]

        DESCRIPTION
          This command creates an alias for a given command string.  If no arguments
          are entered, the current list of aliases are displayed.  If one argument is
          entered, the command string for that alias, if any, is displayed.

                   alias  the single word to be used as an alias
          command string  the word(s) that will be substituted for the alias

          The first word of the command string must be a command, and an alias may not
          have the name of a command.  Aliases may be deleted by entering an empty
          string for the second argument.  If redirection characters are to be part of
          the command string, the command string must be enclosed by quotation marks.
          A few aliases are built in (as in crash); "alias" lists them.

        EXAMPLES
          Create an alias and use it:

            crash> alias kp kmem -p
            ORIGIN   ALIAS    COMMAND
            runtime  kp       kmem -p

          An alias whose command string holds a pipe:

            crash> alias lastlog "log | tail -20"

          Delete it:

            crash> alias lastlog ""
            alias deleted: lastlog
        """;

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
