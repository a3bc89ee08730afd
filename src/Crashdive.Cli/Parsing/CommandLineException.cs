namespace Crashdive.Cli.Parsing;

/// <summary>A command line that cannot be run as written (a pipe to nowhere, an unterminated quote).</summary>
public sealed class CommandLineException(string message) : Exception(message);
