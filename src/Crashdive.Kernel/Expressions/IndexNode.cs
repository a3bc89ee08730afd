namespace Crashdive.Kernel.Expressions;

/// <summary><c>a[i]</c>.</summary>
public sealed record IndexNode(ExpressionNode Target, ExpressionNode Index) : ExpressionNode;
