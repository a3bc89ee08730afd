using Crashdive.Commands;

namespace Crashdive.Cli.Builtins;

/// <summary>
/// <c>set</c> at the prompt: the command layer's <c>set</c> (task context and crash's internal variables,
/// kept in <see cref="SessionSettings"/>), where <c>set scroll</c> switches the session's pager.
/// </summary>
public sealed class SetCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "set";

    /// <inheritdoc/>
    public CommandSpec Spec => _tasks.Spec;

    private readonly Crashdive.Commands.Tasks.SetCommand _tasks = new();

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args) => _tasks.Execute(context, args);
}
