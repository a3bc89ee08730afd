namespace Crashdive.Kernel.Expressions;

/// <summary>A binary operator: arithmetic, shifts, bitwise, comparisons, <c>&amp;&amp;</c>, <c>||</c> and gdb's <c>@</c>.</summary>
public sealed record BinaryNode(string Operator, ExpressionNode Left, ExpressionNode Right) : ExpressionNode;
