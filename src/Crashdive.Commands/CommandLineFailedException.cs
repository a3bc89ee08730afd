namespace Crashdive.Commands;

/// <summary>
/// A command line run for a script failed; the message is the text the prompt prints for the
/// failure (one line, or crash's usage lines for a mistyped option).
/// </summary>
public sealed class CommandLineFailedException(string message) : CommandException(message);
