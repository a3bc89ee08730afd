namespace Crashdive.Cli.Parsing;

/// <summary>
/// One parsed prompt line: the command's words, and where its output goes (a shell pipeline, a
/// file, or the terminal). Produced by <see cref="CommandLineParser"/>.
/// </summary>
public sealed record CommandLine
{
    /// <summary>What the line asks for.</summary>
    public required LineKind Kind { get; init; }

    /// <summary>The command name and its arguments, quotes removed (empty unless <see cref="LineKind.Command"/>).</summary>
    public IReadOnlyList<string> Words { get; init; } = [];

    /// <summary>The shell pipeline after the first <c>|</c> (or <c>!</c>), given verbatim to <c>/bin/sh -c</c>; or the shell command of a <see cref="LineKind.Shell"/> line.</summary>
    public string? Shell { get; init; }

    /// <summary>The file after <c>&gt;</c> or <c>&gt;&gt;</c>, or null.</summary>
    public string? RedirectPath { get; init; }

    /// <summary>True for <c>&gt;&gt;</c> (append), false for <c>&gt;</c> (truncate).</summary>
    public bool Append { get; init; }

    /// <summary>A line with nothing to run.</summary>
    public static CommandLine Empty { get; } = new() { Kind = LineKind.Empty };
}
