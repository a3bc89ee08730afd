namespace Crashdive.Cli;

/// <summary>A line names no command (reported as crash does: <c>crash: command not found: NAME</c>).</summary>
public sealed class CommandNotFoundException(string name) : Exception($"command not found: {name}")
{
    /// <summary>The word that is not a command.</summary>
    public string Name { get; } = name;
}
