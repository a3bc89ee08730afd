namespace Crashdive.Kernel.Expressions;

/// <summary><c>(type)operand</c>; <see cref="TypeText"/> is the type as typed (<c>struct task_struct *</c>).</summary>
public sealed record CastNode(string TypeText, ExpressionNode Operand) : ExpressionNode;
