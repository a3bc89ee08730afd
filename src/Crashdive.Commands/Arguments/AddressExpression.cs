using System.Globalization;

namespace Crashdive.Commands.Arguments;

/// <summary>
/// Numbers and addresses typed as command arguments, read with crash's rules so that the same words
/// mean the same values:
/// <list type="bullet">
/// <item><see cref="ParseHex"/> (crash's <c>htol</c>): hexadecimal with or without <c>0x</c>; used for
/// addresses (<c>vtop</c>, <c>btop</c>, <c>ptov</c>, <c>rd -e</c>).</item>
/// <item><see cref="ParseNumber"/> (<c>stol</c>): decimal when the word is all decimal digits, else
/// hexadecimal; used for counts and page numbers (<c>rd ADDR 10</c> is ten items, <c>1f</c> is 31).</item>
/// <item><see cref="Evaluate"/> (<c>eval</c>): one binary operation <c>a OP b</c>, optionally in
/// parentheses, where each side is a symbol or a number with an optional <c>k</c>/<c>m</c>/<c>g</c>
/// multiplier or <c>~</c>; operators <c>+ - * / % &amp; | ^ &lt;&lt; &gt;&gt;</c> and <c>#</c> (power).</item>
/// <item><see cref="ResolveAddress"/>: an address as <c>rd</c> takes it: <c>(expression)</c>, a hexadecimal
/// number, a symbol; and, beyond crash, <c>symbol+offset</c> and <c>symbol-offset</c> without parentheses.</item>
/// </list>
/// Errors are <see cref="CommandException"/>s in crash's wording.
/// </summary>
public static class AddressExpression
{
    /// <summary>Most hexadecimal digits a 64-bit address takes (crash's <c>LONG_LONG_PRLEN</c>).</summary>
    public const int MaxHexDigits = 16;

    private const string Operators = "#><+-&|*/%^";

    /// <summary>
    /// True when <paramref name="s"/> is made of hexadecimal digits (with <c>x</c>/<c>X</c> allowed anywhere,
    /// as in <c>0x10</c>) and has at least one digit: crash's <c>hexadecimal()</c>. Words such as <c>add</c>
    /// or <c>cafe</c> therefore read as numbers, not symbols, exactly as in crash.
    /// </summary>
    public static bool IsHexadecimal(string s)
    {
        int digits = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiHexDigit(c))
                digits++;
            else if (c is 'x' or 'X')
                continue;
            else if (c == ' ' && i == s.Length - 1)
                continue;
            else
                return false;
        }
        return digits > 0;
    }

    /// <summary>True when <paramref name="s"/> holds only decimal digits (and spaces), at least one: crash's <c>decimal()</c>.</summary>
    public static bool IsDecimal(string s)
    {
        int digits = 0;
        foreach (char c in s)
        {
            if (char.IsAsciiDigit(c))
                digits++;
            else if (c != ' ')
                return false;
        }
        return digits > 0;
    }

    /// <summary>
    /// Reads a hexadecimal number as crash's <c>htol</c> does: an optional <c>0x</c>, at most 16 digits,
    /// <c>x</c>, <c>X</c> and <c>h</c> skipped. Throws <c>invalid input: "..."</c> or
    /// <c>input string too large: "..." (17 vs 16)</c>.
    /// </summary>
    public static ulong ParseHex(string s)
    {
        string t = s.StartsWith("0x", StringComparison.Ordinal) || s.StartsWith("0X", StringComparison.Ordinal) ? s[2..] : s;
        if (t.Length > MaxHexDigits)
            throw new CommandException($"input string too large: \"{t}\" ({t.Length} vs {MaxHexDigits})");
        ulong n = 0;
        foreach (char c in t)
        {
            if (c is 'x' or 'X' or 'h')
                continue;
            if (!char.IsAsciiHexDigit(c))
                throw new CommandException($"invalid input: \"{t}\"");
            n = unchecked(n * 16 + (ulong)HexValue(c));
        }
        return n;
    }

    /// <summary>
    /// Reads a number as crash's <c>stol</c> does: decimal when every character is a decimal digit,
    /// otherwise hexadecimal. Throws <c>not a valid number: ...</c>.
    /// </summary>
    public static ulong ParseNumber(string s) =>
        TryParseNumber(s, out ulong v) ? v : throw new CommandException($"not a valid number: {s}");

    /// <summary>The quiet form of <see cref="ParseNumber"/>.</summary>
    public static bool TryParseNumber(string s, out ulong value)
    {
        value = 0;
        if (IsDecimal(s))
        {
            // sscanf("%lu") saturates like strtoul does
            string digits = s.Replace(" ", "", StringComparison.Ordinal);
            value = ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out ulong d) ? d : ulong.MaxValue;
            return true;
        }
        if (IsHexadecimal(s))
        {
            try
            {
                value = ParseHex(s.TrimEnd(' '));
                return true;
            }
            catch (CommandException)
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>
    /// Evaluates <paramref name="expression"/> as crash's <c>eval</c> does (see the class summary), with
    /// 64-bit arithmetic throughout (crash 8.0.2's <c>evall</c> loses the result on 64-bit machines and
    /// yields 0; this does not). Throws <c>invalid expression: ...</c>.
    /// </summary>
    public static ulong Evaluate(string expression, Func<string, ulong?> symbols) =>
        TryEvaluate(expression, symbols, out ulong v) ? v : throw new CommandException($"invalid expression: {expression}");

    /// <summary>The quiet form of <see cref="Evaluate"/>.</summary>
    public static bool TryEvaluate(string expression, Func<string, ulong?> symbols, out ulong value)
    {
        value = 0;
        string work = expression;
        if (work.Contains('(') || work.Contains(')'))
        {
            if (work.Length < 2 || work[0] != '(' || work[^1] != ')' || work.IndexOf(')') != work.Length - 1)
                return false;
            work = work[1..^1];
            if (work.Contains('('))
                return false;
        }
        if (work.StartsWith('-'))
            work = "0" + work;
        int op = work.IndexOfAny(Operators.ToCharArray());
        if (op < 0)
            return TryCalculate(work.Trim(), symbols, out value);
        char opc = work[op];
        int rightStart = op + 1;
        if (opc is '<' or '>')
        {
            if (op + 1 >= work.Length || work[op + 1] != opc)
                return false;
            rightStart = op + 2;
        }
        string left = work[..op].Trim(), right = work[rightStart..].Trim();
        if (left.Length == 0 || right.Length == 0)
            return false;
        if (!TryOperand(left, symbols, out ulong a) || !TryOperand(right, symbols, out ulong b))
            return false;
        switch (opc)
        {
            case '+': value = unchecked(a + b); return true;
            case '-': value = unchecked(a - b); return true;
            case '&': value = a & b; return true;
            case '|': value = a | b; return true;
            case '^': value = a ^ b; return true;
            case '*': value = unchecked(a * b); return true;
            case '/' when b != 0: value = a / b; return true;
            case '%' when b != 0: value = a % b; return true;
            case '<': value = b >= 64 ? 0 : a << (int)b; return true;
            case '>': value = b >= 64 ? 0 : a >> (int)b; return true;
            case '#': value = Power(a, b); return true;
            default: return false;
        }
    }

    /// <summary>
    /// An address as <c>rd</c> reads it: <c>(expression)</c>; a hexadecimal number; an exact symbol name;
    /// or <c>symbol+offset</c> / <c>symbol-offset</c> (offsets as <see cref="ParseNumber"/> reads them,
    /// so <c>+16</c> is sixteen and <c>+0x10</c> or <c>+1f</c> are hexadecimal). Returns null when the word
    /// names no symbol (the caller prints crash's <c>symbol not found</c>); a malformed parenthesised
    /// expression or number throws.
    /// </summary>
    public static ulong? ResolveAddress(string word, Func<string, ulong?> symbols)
    {
        if (word.StartsWith('('))
            return Evaluate(word, symbols);
        if (IsHexadecimal(word))
            return ParseHex(word);
        if (symbols(word) is ulong v)
            return v;
        // Beyond crash, which wants parentheses here: SYMBOL+OFFSET and SYMBOL-OFFSET.
        int op = word.IndexOfAny(['+', '-'], 1);
        if (op > 0 && symbols(word[..op]) is ulong && TryEvaluate(word, symbols, out ulong sum))
            return sum;
        return null;
    }

    private static bool TryOperand(string s, Func<string, ulong?> symbols, out ulong value)
    {
        if (symbols(s) is ulong v)
        {
            value = v;
            return true;
        }
        return TryCalculate(s, symbols, out value);
    }

    // crash's calculate(): optional ~, a symbol, or a number with an optional k/m/g multiplier.
    private static bool TryCalculate(string s, Func<string, ulong?> symbols, out ulong value)
    {
        value = 0;
        bool complement = s.StartsWith('~');
        if (complement)
            s = s[1..];
        if (s.Length == 0)
            return false;
        if (symbols(s) is ulong sym)
        {
            value = complement ? ~sym : sym;
            return true;
        }
        ulong factor = 1;
        switch (s[^1])
        {
            case 'k' or 'K': factor = 1UL << 10; s = s[..^1]; break;
            case 'm' or 'M': factor = 1UL << 20; s = s[..^1]; break;
            case 'g' or 'G': factor = 1UL << 30; s = s[..^1]; break;
        }
        if (!(IsDecimal(s) || IsHexadecimal(s)) || !TryParseNumber(s, out ulong n))
            return false;
        value = unchecked(n * factor);
        if (complement)
            value = ~value;
        return true;
    }

    // b to the power e, wrapping at 64 bits as crash's loop of multiplications does.
    private static ulong Power(ulong b, ulong e)
    {
        ulong r = 1;
        while (e != 0)
        {
            if ((e & 1) != 0)
                r = unchecked(r * b);
            b = unchecked(b * b);
            e >>= 1;
        }
        return r;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
