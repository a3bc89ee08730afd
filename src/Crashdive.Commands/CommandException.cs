namespace Crashdive.Commands;

/// <summary>A caller's mistake or a command that cannot run: one line, printed as <c>cmd: message</c>.</summary>
public class CommandException(string message) : Exception(message);
