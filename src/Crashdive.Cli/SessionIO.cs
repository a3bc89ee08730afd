namespace Crashdive.Cli;

/// <summary>
/// Where a session's text goes and what it is attached to.
/// </summary>
/// <param name="Out">The session's standard output.</param>
/// <param name="Err">Where errors go.</param>
/// <param name="OutputIsConsole">
/// True when <paramref name="Out"/> is this process's own standard output, so that shell
/// commands and pagers can write to it directly (and see the terminal); false when it is
/// some other writer (tests), into which their output is copied.
/// </param>
/// <param name="OutputIsTerminal">True when standard output is a terminal (paging is possible).</param>
public sealed record SessionIO(TextWriter Out, TextWriter Err, bool OutputIsConsole, bool OutputIsTerminal)
{
    /// <summary>The process's own console streams.</summary>
    public static SessionIO ForConsole() => new(Console.Out, Console.Error, true, !Console.IsOutputRedirected);

    /// <summary>Writers that are not the console (tests, scripts capturing output).</summary>
    public static SessionIO ForWriters(TextWriter output, TextWriter error) => new(output, error, false, false);

    /// <summary>Terminal rows and columns, or null when they cannot be known.</summary>
    public static (int Rows, int Columns)? TerminalSize()
    {
        try
        {
            int rows = Console.WindowHeight, cols = Console.WindowWidth;
            return rows > 0 && cols > 0 ? (rows, cols) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
