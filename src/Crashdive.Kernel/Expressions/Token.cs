namespace Crashdive.Kernel.Expressions;

/// <summary>
/// One token of an expression: its kind, its text as typed, where it starts, and for numbers,
/// characters and history references the value (<see cref="Number"/>; for history, how far back
/// or which entry, see <see cref="ExpressionLexer"/>).
/// </summary>
public readonly record struct Token(TokenKind Kind, string Text, int Position, ulong Number = 0, double Float = 0)
{
    /// <summary>True for the operator <paramref name="op"/>.</summary>
    public bool Is(string op) => Kind == TokenKind.Operator && Text == op;

    /// <summary>True for the identifier <paramref name="word"/>.</summary>
    public bool IsWord(string word) => Kind == TokenKind.Identifier && Text == word;
}
