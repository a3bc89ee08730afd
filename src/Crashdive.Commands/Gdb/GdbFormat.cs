namespace Crashdive.Commands.Gdb;

/// <summary>
/// A gdb output format as typed after a slash (<c>x/8gx</c>, <c>p/x</c>): a repeat count, a format letter
/// (<c>x d u o t a c f s z i</c>) and a unit size (<c>b h w g</c>). Letters not given are taken from the
/// defaults the way gdb's <c>decode_format</c> takes them; a size of <c>'\0'</c> means none.
/// </summary>
/// <param name="Count">How many units (x) to show.</param>
/// <param name="Letter">The format letter, or <c>'\0'</c> for the value's natural format.</param>
/// <param name="Size">The unit size letter, <c>'a'</c> for the size of an address, or <c>'\0'</c>.</param>
/// <param name="SizeGiven">True when the size letter was typed.</param>
public readonly record struct GdbFormat(int Count, char Letter, char Size, bool SizeGiven)
{
    /// <summary>
    /// Parses the text after the slash (<c>8gx</c>) with <paramref name="lastFormat"/> and <paramref name="lastSize"/>
    /// as the defaults (x passes the ones it remembers; print passes none). Returns the format and what follows it.
    /// </summary>
    public static (GdbFormat Format, string Remainder) Parse(string text, char lastFormat, char lastSize)
    {
        int i = 0;
        int count = 1;
        bool negative = false;
        if (i < text.Length && text[i] == '-')
        {
            negative = true;
            i++;
        }
        int digits = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
            i++;
        if (i > digits)
            count = int.TryParse(text.AsSpan(digits, i - digits), out int n) ? n : int.MaxValue;
        if (negative)
            count = -count;
        char letter = '?', size = '?';
        while (i < text.Length)
        {
            char c = text[i];
            if (c is 'b' or 'h' or 'w' or 'g')
                size = c;
            else if (c is 'r' or 'm')
            {
                // raw and memory-tag flags: accepted, they change nothing here
            }
            else if (c is >= 'a' and <= 'z')
                letter = c;
            else
                break;
            i++;
        }
        string rest = text[i..].TrimStart(' ', '\t');
        bool sizeGiven = size != '?';
        if (letter == '?')
        {
            if (size == '?')
            {
                letter = lastFormat;
                size = lastSize;
            }
            else
                letter = lastFormat == 'i' ? 'x' : lastFormat;
        }
        else if (size == '?')
        {
            size = letter switch
            {
                'a' => lastSize != '\0' ? 'a' : '\0',
                'f' => lastSize is 'w' or 'g' ? lastSize : lastSize != '\0' ? 'g' : '\0',
                'c' => lastSize != '\0' ? 'b' : '\0',
                's' => '\0',
                _ => lastSize,
            };
        }
        return (new GdbFormat(count, letter, size, sizeGiven), rest);
    }

    /// <summary>Bytes in one unit of <paramref name="size"/> (<c>'a'</c> is a pointer: 8).</summary>
    public static int UnitBytes(char size) => size switch
    {
        'b' => 1,
        'h' => 2,
        'w' => 4,
        _ => 8,
    };
}
