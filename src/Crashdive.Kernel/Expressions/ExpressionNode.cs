namespace Crashdive.Kernel.Expressions;

/// <summary>A node of a parsed expression (see <see cref="ExpressionParser"/>).</summary>
public abstract record ExpressionNode;
