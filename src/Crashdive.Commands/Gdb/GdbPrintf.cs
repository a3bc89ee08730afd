using System.Globalization;
using System.Text;
using Crashdive.Commands.Printing;
using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// gdb's <c>printf "FORMAT", ARG, ...</c>: C's conversions (<c>%d %i %u %x %X %o %c %s %p %e %f %g %%</c>
/// with flags, width, precision and the <c>hh h l ll z</c> lengths) over expressions; <c>%s</c> reads the string
/// an argument points to (or holds, for a char array); the usual backslash escapes in the format.
/// </summary>
public static class GdbPrintf
{
    private const int MaxString = 1 << 16;

    /// <summary>Runs printf over its argument words (the format's quotes already removed by the prompt).</summary>
    public static void Run(CommandContext context, IReadOnlyList<string> words)
    {
        if (words.Count == 0)
            throw new GdbException("Argument required (format-control string and values to print).");
        // The prompt keeps a quoted format as one word; a comma touching its end separates it from the values.
        string format = words[0];
        string rest = string.Join(' ', words.Skip(1)).Trim();
        if (format.EndsWith(',') && (rest.Length > 0 || words.Count == 1))
            format = format[..^1];
        else if (rest.StartsWith(','))
            rest = rest[1..];
        else if (rest.Length > 0)
            throw new GdbException("Invalid argument syntax");
        List<string> args = SplitArguments(rest);
        context.Out.Write(Format(context.Kernel, Unescape(format), args));
    }

    /// <summary>The text of <paramref name="format"/> with <paramref name="args"/> (expressions) converted.</summary>
    public static string Format(KernelProgram kernel, string format, IReadOnlyList<string> args)
    {
        var sb = new StringBuilder();
        int next = 0;
        var pieces = new List<(string Spec, char Conversion, string Length)>();
        int i = 0;
        while (i < format.Length)
        {
            char c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                i++;
                continue;
            }
            if (i + 1 < format.Length && format[i + 1] == '%')
            {
                sb.Append('%');
                i += 2;
                continue;
            }
            int start = i++;
            while (i < format.Length && "-+ #0'".Contains(format[i]))
                i++;
            while (i < format.Length && (char.IsAsciiDigit(format[i]) || format[i] == '.'))
                i++;
            int lengthStart = i;
            while (i < format.Length && format[i] is 'h' or 'l' or 'z' or 'L' or 'j' or 't')
                i++;
            if (i >= format.Length)
                throw new GdbException("Incomplete format specifier at end of format string");
            char conversion = format[i++];
            if (!"diouxXcspeEfgGaA".Contains(conversion))
                throw new GdbException($"Unrecognized format specifier '{conversion}' in printf");
            if (next >= args.Count)
                throw new GdbException("Bad format string, missing '\"'");
            string spec = format[(start + 1)..lengthStart];
            string length = format[lengthStart..(i - 1)];
            sb.Append(Convert(kernel, spec, length, conversion, args[next++]));
        }
        if (next != args.Count)
            throw new GdbException("Wrong number of arguments for specified format-string");
        return sb.ToString();
    }

    private static string Convert(KernelProgram kernel, string spec, string length, char conversion, string expression)
    {
        KObject value = GdbValues.Evaluate(kernel, expression);
        ParseSpec(spec, out string flags, out int width, out int precision);
        string body;
        switch (conversion)
        {
            case 's':
                body = StringArgument(kernel, value);
                if (precision >= 0 && body.Length > precision)
                    body = body[..precision];
                return Pad(body, flags, width, false);
            case 'c':
                body = ((char)(byte)Integer(value)).ToString();
                return Pad(body, flags, width, false);
            case 'p':
                body = "0x" + Integer(value).ToString("x", CultureInfo.InvariantCulture);
                return Pad(body, flags, width, false);
            case 'e' or 'E' or 'f' or 'g' or 'G' or 'a' or 'A':
                return Pad(FloatText(ToDouble(value), conversion, precision, flags), flags, width, true);
        }
        int bits = length switch
        {
            "hh" => 8,
            "h" => 16,
            "l" or "ll" or "z" or "j" or "t" or "L" => 64,
            _ => 32,
        };
        ulong raw = Integer(value);
        ulong mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        raw &= mask;
        bool negative = false;
        string digits;
        switch (conversion)
        {
            case 'd' or 'i':
                long signedValue = bits == 64 ? (long)raw : (raw & (1UL << (bits - 1))) != 0 ? (long)(raw | ~mask) : (long)raw;
                negative = signedValue < 0;
                digits = negative ? ((ulong)(-(signedValue + 1)) + 1).ToString(CultureInfo.InvariantCulture) : signedValue.ToString(CultureInfo.InvariantCulture);
                break;
            case 'u':
                digits = raw.ToString(CultureInfo.InvariantCulture);
                break;
            case 'o':
                digits = raw == 0 ? "0" : System.Convert.ToString((long)raw, 8);
                if (flags.Contains('#') && digits[0] != '0')
                    digits = "0" + digits;
                break;
            case 'x' or 'X':
                digits = raw.ToString(conversion == 'x' ? "x" : "X", CultureInfo.InvariantCulture);
                break;
            default:
                throw new GdbException($"Unrecognized format specifier '{conversion}' in printf");
        }
        if (precision >= 0)
        {
            if (precision == 0 && raw == 0)
                digits = "";
            digits = digits.PadLeft(precision, '0');
        }
        string sign = negative ? "-" : conversion is 'd' or 'i' && flags.Contains('+') ? "+" : conversion is 'd' or 'i' && flags.Contains(' ') ? " " : "";
        string prefix = conversion is 'x' or 'X' && flags.Contains('#') && raw != 0 ? (conversion == 'x' ? "0x" : "0X") : "";
        if (flags.Contains('0') && !flags.Contains('-') && precision < 0 && width > 0)
            digits = digits.PadLeft(Math.Max(0, width - sign.Length - prefix.Length), '0');
        return Pad(sign + prefix + digits, flags, width, false);
    }

    private static void ParseSpec(string spec, out string flags, out int width, out int precision)
    {
        int i = 0;
        while (i < spec.Length && "-+ #0'".Contains(spec[i]))
            i++;
        flags = spec[..i];
        int w = i;
        while (i < spec.Length && char.IsAsciiDigit(spec[i]))
            i++;
        width = i > w ? int.Parse(spec[w..i], CultureInfo.InvariantCulture) : 0;
        precision = -1;
        if (i < spec.Length && spec[i] == '.')
        {
            i++;
            int p = i;
            while (i < spec.Length && char.IsAsciiDigit(spec[i]))
                i++;
            precision = i > p ? int.Parse(spec[p..i], CultureInfo.InvariantCulture) : 0;
        }
    }

    private static string Pad(string body, string flags, int width, bool numeric)
    {
        if (body.Length >= width)
            return body;
        if (flags.Contains('-'))
            return body.PadRight(width);
        if (numeric && flags.Contains('0'))
        {
            int sign = body.Length > 0 && body[0] is '-' or '+' ? 1 : 0;
            return body[..sign] + body[sign..].PadLeft(width - sign, '0');
        }
        return body.PadLeft(width);
    }

    private static string FloatText(double d, char conversion, int precision, string flags)
    {
        int p = precision < 0 ? 6 : precision;
        switch (conversion)
        {
            case 'f':
                return d.ToString("F" + p, CultureInfo.InvariantCulture);
            case 'e' or 'E':
            {
                string s = d.ToString((conversion == 'e' ? "e" : "E") + p, CultureInfo.InvariantCulture);
                // C prints at least two exponent digits, .NET three
                int at = s.IndexOfAny(['e', 'E']);
                string exp = s[(at + 2)..].TrimStart('0').PadLeft(2, '0');
                return s[..(at + 2)] + exp;
            }
            default:
                return GdbScalar.CFormatG(d, p == 0 ? 1 : p);
        }
    }

    private static ulong Integer(KObject value)
    {
        try
        {
            CType t = value.UnderlyingType;
            if (t is ArrayType or FunctionType && value.IsReference)
                return value.Address;
            if (t is BaseType { IsFloat: true })
                return unchecked((ulong)(long)value.ToDouble());
            if (t is StructType)
                throw new GdbException("Value can't be converted to integer.");
            return value.ToUInt64();
        }
        catch (MemoryFaultException e)
        {
            throw new GdbException($"Cannot access memory at address 0x{e.Address:x}");
        }
    }

    private static double ToDouble(KObject value)
    {
        try
        {
            if (value.UnderlyingType is BaseType { IsFloat: true })
                return value.ToDouble();
            return KObject.IsSignedType(value.Type) ? value.ToInt64() : value.ToUInt64();
        }
        catch (MemoryFaultException e)
        {
            throw new GdbException($"Cannot access memory at address 0x{e.Address:x}");
        }
    }

    /// <summary>The string <c>%s</c> prints: a char array's bytes to its NUL, or the NUL-terminated string a pointer points to.</summary>
    private static string StringArgument(KernelProgram kernel, KObject value)
    {
        var bytes = new List<byte>();
        if (value.UnderlyingType is ArrayType && !value.IsReference)
        {
            foreach (byte b in value.ReadBytes())
            {
                if (b == 0)
                    break;
                bytes.Add(b);
            }
            return Encoding.Latin1.GetString(bytes.ToArray());
        }
        ulong address = Integer(value);
        Span<byte> one = stackalloc byte[1];
        for (int i = 0; i < MaxString; i++)
        {
            try
            {
                kernel.Memory.Read(address + (ulong)i, one);
            }
            catch (MemoryFaultException)
            {
                throw new GdbException($"Cannot access memory at address 0x{address + (ulong)i:x}");
            }
            if (one[0] == 0)
                break;
            bytes.Add(one[0]);
        }
        return Encoding.Latin1.GetString(bytes.ToArray());
    }

    /// <summary>The values after the format: expressions separated by commas outside parentheses, brackets and quotes.</summary>
    private static List<string> SplitArguments(string text)
    {
        var result = new List<string>();
        if (text.Trim().Length == 0)
            return result;
        int depth = 0, start = 0;
        char quote = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                if (c == '\\')
                    i++;
                else if (c == quote)
                    quote = '\0';
                continue;
            }
            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    break;
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    depth--;
                    break;
                case ',' when depth == 0:
                    result.Add(text[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }
        result.Add(text[start..].Trim());
        foreach (string a in result)
        {
            if (a.Length == 0)
                throw new GdbException("Invalid argument syntax");
        }
        return result;
    }

    /// <summary>The format's backslash escapes as gdb reads them.</summary>
    public static string Unescape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c != '\\' || i + 1 >= s.Length)
            {
                sb.Append(c);
                continue;
            }
            char e = s[++i];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'e': sb.Append('\x1b'); break;
                case >= '0' and <= '7':
                {
                    int v = 0, n = 0;
                    while (n < 3 && i < s.Length && s[i] is >= '0' and <= '7')
                    {
                        v = v * 8 + (s[i] - '0');
                        i++;
                        n++;
                    }
                    i--;
                    sb.Append((char)(v & 0xff));
                    break;
                }
                default:
                    sb.Append(e);
                    break;
            }
        }
        return sb.ToString();
    }
}
