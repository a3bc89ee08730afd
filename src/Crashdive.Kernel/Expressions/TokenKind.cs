namespace Crashdive.Kernel.Expressions;

/// <summary>What a <see cref="Token"/> of an expression is.</summary>
public enum TokenKind
{
    /// <summary>End of the text.</summary>
    End,
    /// <summary>A name: symbol, member, type word or keyword.</summary>
    Identifier,
    /// <summary>An integer literal (decimal, 0x hexadecimal, 0 octal).</summary>
    Number,
    /// <summary>A floating-point literal.</summary>
    Float,
    /// <summary>A character literal (<c>'a'</c>).</summary>
    Char,
    /// <summary>Value history: <c>$</c>, <c>$N</c>, <c>$$</c>, <c>$$N</c>.</summary>
    History,
    /// <summary>An operator or punctuation (<c>-&gt;</c>, <c>&lt;&lt;</c>, <c>(</c>...).</summary>
    Operator,
}
