namespace Crashdive.Kernel.Expressions;

/// <summary>
/// An expression that cannot be parsed or evaluated: the message is gdb's wording where gdb has
/// one (<c>No symbol "x" in current context.</c>, <c>There is no member named x.</c>).
/// </summary>
public sealed class ExpressionException(string message) : Exception(message);
