namespace Crashdive.Cli.Prompt;

/// <summary>Where the session's command lines come from.</summary>
public interface ILineReader
{
    /// <summary>The next line, or null at the end of input.</summary>
    string? ReadLine();
}
