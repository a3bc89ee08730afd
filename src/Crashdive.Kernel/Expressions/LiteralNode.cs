namespace Crashdive.Kernel.Expressions;

/// <summary>An integer, character or floating-point literal, as the lexer read it.</summary>
public sealed record LiteralNode(Token Token) : ExpressionNode;
