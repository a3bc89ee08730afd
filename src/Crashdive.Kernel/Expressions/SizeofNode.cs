namespace Crashdive.Kernel.Expressions;

/// <summary><c>sizeof(type)</c> (<see cref="TypeText"/> set) or <c>sizeof expr</c> (<see cref="Operand"/> set).</summary>
public sealed record SizeofNode(string? TypeText, ExpressionNode? Operand) : ExpressionNode;
