using System.Text;

namespace Crashdive.Commands.Printing;

/// <summary>
/// gdb's spelling of characters and strings (its <c>print_wchar</c> with a C locale): printable
/// ASCII as is, the quote and backslash escaped, <c>\a \b \f \n \r \t \v</c> by name, anything else
/// as a three-digit octal escape. A digit right after an octal escape prints as itself: an octal escape
/// never takes more than three digits, so gdb 16 (crash 9.0.2) no longer escapes it (gdb 10, in crash 8.0.2,
/// printed <c>\377\060</c> where gdb 16 prints <c>\3770</c>).
/// </summary>
public static class GdbText
{
    /// <summary>A character literal: <c>'A'</c>, <c>'\000'</c>, <c>'\''</c>.</summary>
    public static string CharLiteral(byte c)
    {
        var sb = new StringBuilder(8).Append('\'');
        AppendChar(sb, c, '\'');
        return sb.Append('\'').ToString();
    }

    /// <summary>Appends <paramref name="bytes"/> inside double quotes.</summary>
    public static void AppendQuoted(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        sb.Append('"');
        foreach (byte b in bytes)
            AppendChar(sb, b, '"');
        sb.Append('"');
    }

    private static void AppendChar(StringBuilder sb, byte c, char quoter)
    {
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
        if (c >= 0x20 && c < 0x7f)
        {
            if (c == quoter || c == '\\')
                sb.Append('\\');
            sb.Append((char)c);
            return;
        }
        sb.Append('\\').Append(Convert.ToString(c, 8).PadLeft(3, '0'));
    }
}
