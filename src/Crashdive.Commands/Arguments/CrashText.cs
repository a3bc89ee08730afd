using System.Text;

namespace Crashdive.Commands.Arguments;

/// <summary>
/// Text layout helpers with crash's rules (its <c>mkstring</c>): pad to a width on the left, the right,
/// or around, where an odd leftover goes to the side opposite the justification. Strings longer than
/// the width are returned unchanged.
/// </summary>
public static class CrashText
{
    /// <summary>Pads on the right to <paramref name="width"/>.</summary>
    public static string LJust(string s, int width) => s.Length >= width ? s : s.PadRight(width);

    /// <summary>Pads on the left to <paramref name="width"/>.</summary>
    public static string RJust(string s, int width) => s.Length >= width ? s : s.PadLeft(width);

    /// <summary>
    /// Centers <paramref name="s"/> in <paramref name="width"/>; when the padding is odd, the extra space
    /// goes right (<paramref name="leanRight"/> false, crash's CENTER|LJUST) or left (true, CENTER|RJUST).
    /// </summary>
    public static string Center(string s, int width, bool leanRight = false)
    {
        int extra = width - s.Length;
        if (extra <= 0)
            return s;
        int left = extra / 2, right = extra / 2;
        if (extra % 2 != 0)
        {
            if (leanRight)
                left++;
            else
                right++;
        }
        return new StringBuilder(width).Append(' ', left).Append(s).Append(' ', right).ToString();
    }

    /// <summary>
    /// crash's usage message for a command: <c>Usage:</c>, the synopsis indented by two, and the
    /// pointer to the help text. No trailing newline.
    /// </summary>
    public static string Usage(string command, string synopsis) =>
        $"Usage:\n  {command} {synopsis}\nEnter \"help {command}\" for details.";

    /// <summary>True when <paramref name="c"/> is printable ASCII (C's <c>isprint</c> in the C locale).</summary>
    public static bool IsPrint(byte c) => c >= 0x20 && c < 0x7f;
}
