using Crashdive.Commands;

namespace Crashdive.Cli.Builtins;

/// <summary><c>q</c> and <c>exit</c>: end the session.</summary>
public sealed class QuitCommand(Session session, string name) : ICommand
{
    /// <inheritdoc/>
    public string Name => name;

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = DeclarationFor(name);

    /// <summary>The declaration of <c>q</c> or <c>exit</c>, without a session (for the man page and completion).</summary>
    public static CommandSpec DeclarationFor(string name) => new()
    {
        Name = name,
        Summary = "exit this session",
        Synopsis = "",
        Description = """
            Ends the session. "quit", the end of the input, and Ctrl-D on an empty prompt do the same. It takes
            no arguments.
            """,
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count > 0)
            throw new CommandUsageException($"unexpected argument: {args[0]}");
        session.ExitRequested = true;
    }
}
