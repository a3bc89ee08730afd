namespace Crashdive.Commands;

/// <summary>
/// A command that can print its result as JSON Lines (<c>cmd --json [options]</c>): one JSON object
/// per line, per item of the result, for people who post-process (<c>log --json | jq .text</c>).
/// The prompt takes <c>--json</c> off the arguments and calls <see cref="ExecuteJson"/> instead of
/// <see cref="ICommand.Execute"/>; other commands answer <c>--json</c> with a usage error.
/// </summary>
public interface IJsonCommand
{
    /// <summary>Runs the command with its other arguments, printing JSON Lines to the context's output.</summary>
    void ExecuteJson(CommandContext context, IReadOnlyList<string> args);
}
