using System.Globalization;

namespace Crashdive.Kernel.Expressions;

/// <summary>
/// Splits a C expression as gdb reads it into tokens: names, numbers (<c>10</c>, <c>0x1f</c>,
/// <c>017</c>, with <c>u</c>/<c>l</c> suffixes), floats, character literals, value history
/// (<c>$</c>, <c>$3</c>, <c>$$</c>, <c>$$2</c>) and C's operators.
/// </summary>
public static class ExpressionLexer
{
    private static readonly string[] Operators =
    [
        "<<", ">>", "->", "<=", ">=", "==", "!=", "&&", "||",
        "+", "-", "*", "/", "%", "&", "|", "^", "~", "!", "<", ">", "(", ")", "[", "]", ".", ",", "?", ":", "@",
    ];

    /// <summary>
    /// History tokens carry in <see cref="Token.Number"/> the entry: for <c>$N</c> the number N
    /// with <see cref="AbsoluteHistory"/> set; for <c>$</c>, <c>$$</c> and <c>$$N</c> how far back from
    /// the last value (0, 1, N).
    /// </summary>
    public const ulong AbsoluteHistory = 1UL << 63;

    /// <summary>The tokens of <paramref name="text"/>, ending with an <see cref="TokenKind.End"/> token.</summary>
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            int start = i;
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                    i++;
                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
                continue;
            }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(Number(text, ref i));
                continue;
            }
            if (c == '\'')
            {
                tokens.Add(CharLiteral(text, ref i));
                continue;
            }
            if (c == '$')
            {
                tokens.Add(History(text, ref i));
                continue;
            }
            string? op = null;
            foreach (string o in Operators)
            {
                if (string.CompareOrdinal(text, i, o, 0, o.Length) == 0)
                {
                    op = o;
                    break;
                }
            }
            if (op == null)
                throw new ExpressionException($"Invalid character '{c}' in expression.");
            tokens.Add(new Token(TokenKind.Operator, op, start));
            i += op.Length;
        }
        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static Token Number(string text, ref int i)
    {
        int start = i;
        bool hex = i + 1 < text.Length && text[i] == '0' && (text[i + 1] is 'x' or 'X');
        if (hex)
            i += 2;
        bool isFloat = false;
        while (i < text.Length)
        {
            char c = text[i];
            if (hex ? char.IsAsciiHexDigit(c) : char.IsAsciiDigit(c))
                i++;
            else if (!hex && ((c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])) || (c is 'e' or 'E' && i > start)))
            {
                isFloat = true;
                i++;
                if (c is 'e' or 'E' && i < text.Length && text[i] is '+' or '-')
                    i++;
            }
            else
                break;
        }
        int digitsEnd = i;
        while (i < text.Length && text[i] is 'u' or 'U' or 'l' or 'L')
            i++;
        if (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
            throw new ExpressionException("Invalid number \"" + Word(text, start) + "\".");
        string literal = text[start..i];
        if (isFloat)
        {
            if (!double.TryParse(text[start..digitsEnd], NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                throw new ExpressionException($"Invalid number \"{literal}\".");
            return new Token(TokenKind.Float, literal, start, 0, d);
        }
        string digits = text[(hex ? start + 2 : start)..digitsEnd];
        ulong value = 0;
        int radix = hex ? 16 : digits.Length > 1 && digits[0] == '0' ? 8 : 10;
        if (digits.Length == 0)
            throw new ExpressionException($"Invalid number \"{literal}\".");
        foreach (char d in digits)
        {
            int v = char.IsAsciiDigit(d) ? d - '0' : char.ToLowerInvariant(d) - 'a' + 10;
            if (v >= radix)
                throw new ExpressionException($"Invalid number \"{literal}\".");
            UInt128 next = (UInt128)value * (uint)radix + (uint)v;
            if (next > ulong.MaxValue)
                throw new ExpressionException("Numeric constant too large.");
            value = (ulong)next;
        }
        return new Token(TokenKind.Number, literal, start, value);
    }

    private static string Word(string text, int start)
    {
        int i = start;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.'))
            i++;
        return text[start..i];
    }

    private static Token CharLiteral(string text, ref int i)
    {
        int start = i++;
        if (i >= text.Length)
            throw new ExpressionException("Unmatched single quote.");
        ulong value;
        if (text[i] == '\\')
        {
            i++;
            if (i >= text.Length)
                throw new ExpressionException("Unmatched single quote.");
            char e = text[i++];
            value = e switch
            {
                'n' => '\n', 't' => '\t', 'r' => '\r', 'a' => 7, 'b' => 8, 'f' => 12, 'v' => 11, 'e' => 27,
                '0' or '1' or '2' or '3' or '4' or '5' or '6' or '7' => Octal(text, ref i, e),
                'x' => HexEscape(text, ref i),
                _ => e,
            };
        }
        else
            value = text[i++];
        if (i >= text.Length || text[i] != '\'')
            throw new ExpressionException("Unmatched single quote.");
        i++;
        return new Token(TokenKind.Char, text[start..i], start, value & 0xff);
    }

    private static ulong Octal(string text, ref int i, char first)
    {
        ulong v = (ulong)(first - '0');
        for (int n = 0; n < 2 && i < text.Length && text[i] is >= '0' and <= '7'; n++)
            v = v * 8 + (ulong)(text[i++] - '0');
        return v;
    }

    private static ulong HexEscape(string text, ref int i)
    {
        ulong v = 0;
        while (i < text.Length && char.IsAsciiHexDigit(text[i]))
            v = v * 16 + (ulong)Convert.ToInt32(text[i++].ToString(), 16);
        return v;
    }

    private static Token History(string text, ref int i)
    {
        int start = i++;
        bool twice = i < text.Length && text[i] == '$';
        if (twice)
            i++;
        int digitsStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
            i++;
        if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
        {
            // $name: a gdb convenience variable; crashdive keeps none, so it is void.
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                i++;
            return new Token(TokenKind.Identifier, text[start..i], start);
        }
        bool hasDigits = i > digitsStart;
        ulong n = hasDigits ? ulong.Parse(text.AsSpan(digitsStart, Math.Min(i - digitsStart, 18)), CultureInfo.InvariantCulture) : 0;
        ulong value = twice ? (hasDigits ? n : 1) : (hasDigits ? n | AbsoluteHistory : 0);
        return new Token(TokenKind.History, text[start..i], start, value);
    }
}
