namespace Crashdive.Cli.Output;

/// <summary>What a child process reads.</summary>
public enum ChildInput
{
    /// <summary>A pipe the session writes a command's output into.</summary>
    Pipe,
    /// <summary>Our own standard input (the terminal, for an interactive shell or pager).</summary>
    Inherit,
    /// <summary>Nothing: end of input at once (so a shell escape in a batch cannot eat the batch).</summary>
    None,
}
