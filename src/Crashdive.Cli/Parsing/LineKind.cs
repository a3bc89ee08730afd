namespace Crashdive.Cli.Parsing;

/// <summary>What a line typed at the prompt asks for.</summary>
public enum LineKind
{
    /// <summary>Nothing: a blank line or a comment (<c>#</c>, <c>//</c>).</summary>
    Empty,
    /// <summary>A crashdive command, with its output maybe piped or redirected.</summary>
    Command,
    /// <summary><c>!cmd</c> or <c>|cmd</c>: a shell command run by <c>/bin/sh -c</c>.</summary>
    Shell,
    /// <summary><c>!</c> or <c>|</c> alone: an interactive shell.</summary>
    InteractiveShell,
}
