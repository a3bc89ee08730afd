namespace Crashdive.Kernel.Expressions;

/// <summary>A prefix operator: <c>-</c>, <c>+</c>, <c>~</c>, <c>!</c>, <c>*</c> (dereference) or <c>&amp;</c> (address of).</summary>
public sealed record UnaryNode(string Operator, ExpressionNode Operand) : ExpressionNode;
