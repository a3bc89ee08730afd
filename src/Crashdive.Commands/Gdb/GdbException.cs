namespace Crashdive.Commands.Gdb;

/// <summary>An error in gdb's own words (<c>No symbol "foo" in current context.</c>), printed as gdb prints it inside crash.</summary>
public sealed class GdbException(string message) : Exception(message);
