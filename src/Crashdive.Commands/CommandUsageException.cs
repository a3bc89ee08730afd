namespace Crashdive.Commands;

/// <summary>
/// The command line does not fit the command's synopsis (an unknown option, a missing value):
/// the prompt prints the message, then the command's usage line, as crash does.
/// </summary>
public sealed class CommandUsageException(string message) : CommandException(message);
