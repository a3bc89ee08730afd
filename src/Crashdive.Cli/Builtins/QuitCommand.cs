using Crashdive.Commands;

namespace Crashdive.Cli.Builtins;

/// <summary><c>q</c> and <c>exit</c>: end the session.</summary>
public sealed class QuitCommand(Session session, string name) : ICommand
{
    /// <inheritdoc/>
    public string Name => name;

    /// <inheritdoc/>
    public string Summary => "exit this session";

    /// <inheritdoc/>
    public string Help => $"""
        NAME
          {name} - exit this session

        SYNOPSIS
          {name}

        DESCRIPTION
          Bring the session to an end (also: "quit", or end of input, Ctrl-D at an empty prompt).
        """;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count > 0)
            throw new CommandUsageException($"unexpected argument: {args[0]}");
        session.ExitRequested = true;
    }
}
