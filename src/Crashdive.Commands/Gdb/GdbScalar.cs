using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Crashdive.Commands.Printing;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// One scalar printed with a gdb format letter, as gdb's <c>print_scalar_formatted</c> prints it: <c>x</c>
/// hexadecimal (zero-padded to the unit when a size was given, as <c>x</c> gives one), <c>z</c> always
/// zero-padded, <c>d</c>/<c>u</c> signed/unsigned decimal, <c>o</c> octal with a leading 0, <c>t</c> binary,
/// <c>a</c> an address with its <c>&lt;symbol+offset&gt;</c>, <c>c</c> a character (<c>65 'A'</c>),
/// <c>f</c> a float of the unit's width. Values are little-endian bytes, at most 8 of them.
/// </summary>
public static class GdbScalar
{
    /// <summary>Appends <paramref name="bytes"/> formatted with <paramref name="letter"/>.</summary>
    /// <param name="sb">Where the text goes.</param>
    /// <param name="bytes">The value's bytes (1 to 8, little-endian).</param>
    /// <param name="letter">The format letter.</param>
    /// <param name="padded">True when a unit size was given (x always gives one): x and t keep leading zeros.</param>
    /// <param name="signed">Whether the value's type is signed (for <c>c</c>).</param>
    /// <param name="symbols">Names addresses for <c>a</c> (gdb's <c>&lt;symbol+offset&gt;</c>).</param>
    public static void Append(StringBuilder sb, ReadOnlySpan<byte> bytes, char letter, bool padded, bool signed, Func<ulong, string?>? symbols)
    {
        int len = Math.Clamp(bytes.Length, 1, 8);
        Span<byte> b = stackalloc byte[8];
        b.Clear();
        bytes[..Math.Min(bytes.Length, 8)].CopyTo(b);
        ulong raw = BinaryPrimitives.ReadUInt64LittleEndian(b);
        ulong mask = len >= 8 ? ulong.MaxValue : (1UL << (8 * len)) - 1;
        raw &= mask;
        bool negative = len > 0 && (raw & (1UL << (8 * len - 1))) != 0;
        switch (letter)
        {
            case 'x':
                Hex(sb, raw, len, padded);
                return;
            case 'z':
                Hex(sb, raw, len, true);
                return;
            case 'd':
                if (negative)
                    sb.Append('-').Append(((~raw + 1) & mask).ToString(CultureInfo.InvariantCulture));
                else
                    sb.Append(raw.ToString(CultureInfo.InvariantCulture));
                return;
            case 'u':
                sb.Append(raw.ToString(CultureInfo.InvariantCulture));
                return;
            case 'o':
                sb.Append(raw == 0 ? "0" : "0" + Octal(raw));
                return;
            case 't':
                string bits = Convert.ToString(unchecked((long)raw), 2);
                sb.Append(padded ? bits.PadLeft(8 * len, '0') : bits);
                return;
            case 'a':
                sb.Append("0x").Append(raw.ToString("x", CultureInfo.InvariantCulture));
                if (symbols?.Invoke(raw) is string name)
                    sb.Append(' ').Append(name);
                return;
            case 'c':
            {
                long v = signed && negative ? (long)(raw | ~mask) : (long)raw;
                // gdb converts to a one-byte character type first
                byte c = (byte)v;
                long shown = signed ? (sbyte)c : c;
                sb.Append(shown.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(GdbText.CharLiteral(c));
                return;
            }
            case 'f':
                Float(sb, raw, len, signed);
                return;
            default:
                throw new GdbException($"Undefined output format \"{letter}\".");
        }
    }

    /// <summary>The digits of gdb's hexadecimal form: <c>0x</c>, then all 2×len digits when padded, else without leading zeros.</summary>
    private static void Hex(StringBuilder sb, ulong raw, int len, bool padded)
    {
        sb.Append("0x");
        string digits = raw.ToString("x", CultureInfo.InvariantCulture);
        if (padded)
            sb.Append('0', Math.Max(0, 2 * len - digits.Length));
        sb.Append(digits);
    }

    private static string Octal(ulong v)
    {
        var chars = new char[22];
        int i = chars.Length;
        while (v != 0)
        {
            chars[--i] = (char)('0' + (int)(v & 7));
            v >>= 3;
        }
        return new string(chars, i, chars.Length - i);
    }

    /// <summary>A float of the unit's width (4: float, 8: double); other widths print as the integer they hold, as gdb does.</summary>
    private static void Float(StringBuilder sb, ulong raw, int len, bool signed)
    {
        if (len == 4)
        {
            AppendFloat(sb, BitConverter.Int32BitsToSingle(unchecked((int)raw)), 9, raw & 0x7fffff, (raw >> 31) != 0);
            return;
        }
        if (len == 8)
        {
            AppendFloat(sb, BitConverter.Int64BitsToDouble(unchecked((long)raw)), 17, raw & 0xfffffffffffffUL, (raw >> 63) != 0);
            return;
        }
        ulong mask = (1UL << (8 * len)) - 1;
        bool negative = (raw & (1UL << (8 * len - 1))) != 0;
        if (signed && negative)
            sb.Append('-').Append(((~raw + 1) & mask).ToString(CultureInfo.InvariantCulture));
        else
            sb.Append(raw.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>gdb's <c>%g</c> with the type's digits; NaNs as <c>nan(0xMANTISSA)</c>, infinities as <c>inf</c>.</summary>
    public static void AppendFloat(StringBuilder sb, double d, int digits, ulong mantissa, bool negative)
    {
        if (double.IsNaN(d))
        {
            sb.Append(negative ? "-nan(0x" : "nan(0x").Append(mantissa.ToString("x", CultureInfo.InvariantCulture)).Append(')');
            return;
        }
        if (double.IsInfinity(d))
        {
            sb.Append(d < 0 ? "-inf" : "inf");
            return;
        }
        sb.Append(CFormatG(d, digits));
    }

    /// <summary>C's <c>%.{digits}g</c>.</summary>
    public static string CFormatG(double d, int digits)
    {
        if (d == 0)
            return BitConverter.DoubleToInt64Bits(d) < 0 ? "-0" : "0";
        string e = d.ToString("E" + (digits - 1), CultureInfo.InvariantCulture); // d.ddddE+xxx
        int ePos = e.IndexOf('E');
        int exponent = int.Parse(e.AsSpan(ePos + 1), CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= digits)
        {
            string mantissa = TrimZeros(e[..ePos]);
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        string f = d.ToString("F" + Math.Max(0, digits - 1 - exponent), CultureInfo.InvariantCulture);
        return TrimZeros(f);
    }

    private static string TrimZeros(string s)
    {
        if (!s.Contains('.'))
            return s;
        s = s.TrimEnd('0');
        return s.EndsWith('.') ? s[..^1] : s;
    }

    /// <summary>True when <paramref name="letter"/> is one gdb's print and x know.</summary>
    public static bool IsKnown(char letter) => letter is 'x' or 'z' or 'd' or 'u' or 'o' or 't' or 'a' or 'c' or 'f' or 's' or 'i';

    /// <summary>The bit count of <paramref name="v"/>, for callers sizing binary output.</summary>
    internal static int BitLength(ulong v) => 64 - BitOperations.LeadingZeroCount(v);
}
