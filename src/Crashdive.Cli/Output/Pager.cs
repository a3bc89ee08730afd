namespace Crashdive.Cli.Output;

/// <summary>
/// The program that pages long output: <c>$CRASHPAGER</c> or <c>$PAGER</c> when set (run by
/// the shell, so they may carry options), else <c>less -E -X -R</c> with crash's prompt line.
/// </summary>
public static class Pager
{
    private static readonly string[] Less =
    [
        "less", "-E", "-X", "-R",
        "-Ps -- MORE --  forward\\: <SPACE>, <ENTER> or j  backward\\: b or k  quit\\: q",
    ];

    private static string? Configured =>
        Environment.GetEnvironmentVariable("CRASHPAGER") is { Length: > 0 } c ? c
        : Environment.GetEnvironmentVariable("PAGER") is { Length: > 0 } p ? p
        : null;

    /// <summary>The pager as <c>set scroll</c> names it.</summary>
    public static string Describe() => Configured is string c ? $"PAGER: {c}" : "less -E -X -R";

    /// <summary>Starts the pager reading from a pipe, writing to the terminal.</summary>
    public static ChildProcess Start(SessionIO io) =>
        Configured is string c
            ? ChildProcess.Start(c, ChildInput.Pipe, io)
            : ChildProcess.Start("less", ChildInput.Pipe, io, Less);
}
