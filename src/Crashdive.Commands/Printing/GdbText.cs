using System.Text;

namespace Crashdive.Commands.Printing;

/// <summary>
/// gdb's spelling of characters and strings (its <c>print_wchar</c> with a C locale): printable
/// ASCII as is, the quote and backslash escaped, <c>\a \b \f \n \r \t \v</c> by name, anything else
/// as a three-digit octal escape; a digit right after an octal escape is escaped too.
/// </summary>
public static class GdbText
{
    /// <summary>A character literal: <c>'A'</c>, <c>'\000'</c>, <c>'\''</c>.</summary>
    public static string CharLiteral(byte c)
    {
        var sb = new StringBuilder(8).Append('\'');
        bool needEscape = false;
        AppendChar(sb, c, '\'', ref needEscape);
        return sb.Append('\'').ToString();
    }

    /// <summary>Appends <paramref name="bytes"/> inside double quotes.</summary>
    public static void AppendQuoted(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        sb.Append('"');
        bool needEscape = false;
        foreach (byte b in bytes)
            AppendChar(sb, b, '"', ref needEscape);
        sb.Append('"');
    }

    private static void AppendChar(StringBuilder sb, byte c, char quoter, ref bool needEscape)
    {
        bool escapeDigits = needEscape;
        needEscape = false;
        switch (c)
        {
            case 7: sb.Append("\\a"); return;
            case 8: sb.Append("\\b"); return;
            case 12: sb.Append("\\f"); return;
            case 10: sb.Append("\\n"); return;
            case 13: sb.Append("\\r"); return;
            case 9: sb.Append("\\t"); return;
            case 11: sb.Append("\\v"); return;
        }
        if (c >= 0x20 && c < 0x7f && !(escapeDigits && c >= '0' && c <= '9'))
        {
            if (c == quoter || c == '\\')
                sb.Append('\\');
            sb.Append((char)c);
            return;
        }
        sb.Append('\\').Append(Convert.ToString(c, 8).PadLeft(3, '0'));
        needEscape = true;
    }
}
