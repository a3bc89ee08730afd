namespace Crashdive.Kernel.Expressions;

/// <summary>A value-history reference (<c>$</c>, <c>$N</c>, <c>$$</c>, <c>$$N</c>), encoded as in <see cref="ExpressionLexer.AbsoluteHistory"/>.</summary>
public sealed record HistoryNode(ulong Reference) : ExpressionNode;
