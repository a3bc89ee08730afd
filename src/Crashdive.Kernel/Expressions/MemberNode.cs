namespace Crashdive.Kernel.Expressions;

/// <summary><c>a.b</c> (<see cref="Arrow"/> false) or <c>a-&gt;b</c>.</summary>
public sealed record MemberNode(ExpressionNode Target, string Member, bool Arrow) : ExpressionNode;
