using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Kernel;

namespace Crashdive.Commands.Data;

/// <summary>
/// <c>eval</c>: crash's own calculator (not gdb's): one operator between two numbers or symbols
/// (<c>+ - &amp; | * / % &lt;&lt; &gt;&gt; ^</c>, and <c>#</c> for power), numbers in decimal or hex with
/// <c>k</c>/<c>m</c>/<c>g</c> multipliers, printed in hexadecimal, decimal, octal and binary.
/// </summary>
public sealed class EvalCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-b][-l] (expression) | value";

    /// <inheritdoc/>
    public string Name => "eval";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "eval",
        Summary = "evaluate an expression",
        Synopsis = Synopsis,
        Description = """
            A small calculator for addresses and sizes. It takes one value, or one operation between two values,
            and prints the result four ways: hexadecimal, decimal, octal and binary. A result that is a whole
            number of KiB, MiB or GiB also shows that size after the hexadecimal, and a result with the top bit
            set shows its signed value too.

            The operators are + - & | ^ * % / << >>, and # for a power. The parentheses may be left out unless
            the operator is |, << or >> (which the prompt would otherwise take for a pipe or a redirection). A
            value is a kernel symbol (its address) or a number: hexadecimal with 0x or when it has a letter a-f,
            decimal otherwise, optionally followed by k, m or g (times 1024, 1024^2, 1024^3) and preceded by ~
            to flip every bit. This is not the C evaluator of "p": members and types are not understood here.
            """,
        Options =
        [
            new("-b", null, "also list the numbers of the bits set in the result"),
            new("-l", null, "64-bit operands; accepted and changes nothing on x86-64"),
        ],
        Arguments =
        [
            new("(expression)", "value operator value"),
            new("value", "one number or symbol"),
        ],
        Examples =
        [
            new("eval 128m", "134217728 in every base, with (128MB)"),
            new("eval -b (jiffies & 0xff)", "a masked value and which bits are set"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        int i = 0;
        bool bits = false;
        string At(int k) => k < args.Count ? args[k] : "";
        if (At(0) is "-lb" or "-bl")
        {
            bits = true;
            i++;
        }
        else if (At(0) == "-l")
        {
            i++;
            if (At(i) == "-b" && i + 1 < args.Count)
            {
                i++;
                bits = true;
            }
        }
        else if (At(0) == "-b")
        {
            if (At(1) == "-l")
            {
                if (args.Count > 2)
                {
                    bits = true;
                    i += 2;
                }
                else
                {
                    context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
                    return;
                }
            }
            else if (args.Count > 1)
            {
                bits = true;
                i++;
            }
        }
        if (i >= args.Count)
        {
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        var sb = new StringBuilder("(");
        for (; i < args.Count; i++)
        {
            if (args[i].StartsWith('('))
            {
                // crash's line parser keeps "(1 << 20)" as one word; rejoin it when it was split on spaces
                string group = args[i];
                while (!group.Contains(')') && i + 1 < args.Count)
                    group += " " + args[++i];
                ulong v = Evaluate(context.Kernel, group) ?? throw new CommandException($"invalid expression: {group}");
                Print(context.Out, v, bits);
                return;
            }
            sb.Append(args[i]).Append(' ');
        }
        string text = sb.ToString().Trim() + ")";
        ulong value = Evaluate(context.Kernel, text) ?? throw new CommandException($"invalid expression: {text}");
        Print(context.Out, value, bits);
    }

    /// <summary>crash's <c>eval_common</c>: the value of <paramref name="s"/>, or null when malformed.</summary>
    public static ulong? Evaluate(KernelProgram kernel, string s)
    {
        string work;
        if (s.Contains('(') || s.Contains(')'))
        {
            if (s[0] != '(' || s[^1] != ')' || s.IndexOf(')') != s.Length - 1)
                return null;
            work = s[1..^1];
            if (work.Contains('(') || work.Contains(')'))
                return null;
        }
        else
            work = s;
        if (work.StartsWith('-'))
            work = "0" + work;
        int op = work.IndexOfAny("#><+-&|*/%^".ToCharArray());
        if (op < 0)
            return Calculate(kernel, work);
        char c = work[op];
        int width = 1;
        if (c is '<' or '>')
        {
            if (op + 1 >= work.Length || work[op + 1] != c)
                return null;
            width = 2;
        }
        string left = work[..op].Trim(), right = work[(op + width)..].Trim();
        if (left.Length == 0 || right.Length == 0)
            return null;
        ulong? a = DataSymbols.Address(kernel, left) ?? Calculate(kernel, left);
        ulong? b = DataSymbols.Address(kernel, right) ?? Calculate(kernel, right);
        if (a is not ulong x || b is not ulong y)
            return null;
        return c switch
        {
            '+' => unchecked(x + y),
            '-' => unchecked(x - y),
            '&' => x & y,
            '|' => x | y,
            '*' => unchecked(x * y),
            '/' => y == 0 ? throw new CommandException("divide by zero") : x / y,
            '%' => y == 0 ? throw new CommandException("divide by zero") : x % y,
            '<' => x << (int)(y & 63),
            '>' => x >> (int)(y & 63),
            '^' => x ^ y,
            _ => Power(x, y),
        };
    }

    private static ulong Power(ulong x, ulong y)
    {
        ulong r = 1;
        for (ulong k = 0; k < y && k < 64; k++)
            r = unchecked(r * x);
        return y == 0 ? 1 : r;
    }

    /// <summary>crash's <c>calculate</c>: a symbol, or a number with an optional k/m/g multiplier and leading <c>~</c>.</summary>
    private static ulong? Calculate(KernelProgram kernel, string s)
    {
        bool complement = s.StartsWith('~');
        if (complement)
            s = s[1..];
        if (DataSymbols.Address(kernel, s) is ulong sym)
            return complement ? ~sym : sym;
        ulong factor = 1;
        if (s.Length > 0 && char.ToLowerInvariant(s[^1]) is 'k' or 'm' or 'g')
        {
            factor = char.ToLowerInvariant(s[^1]) switch { 'k' => 1024UL, 'm' => 1024UL * 1024, _ => 1024UL * 1024 * 1024 };
            s = s[..^1];
        }
        if (DataSymbols.ParseNumber(s) is not ulong v)
            return null;
        ulong r = unchecked(v * factor);
        return complement ? ~r : r;
    }

    private static void Print(TextWriter output, ulong n, bool bits)
    {
        var sb = new StringBuilder();
        sb.Append($"hexadecimal: {n:x}  ");
        const ulong K = 1024, M = K * K, G = M * K;
        if (n >= K)
        {
            if (n % G == 0)
                sb.Append($"({(long)n / (long)G}GB)");
            else if (n % M == 0)
                sb.Append($"({(long)n / (long)M}MB)");
            else if (n % K == 0)
                sb.Append($"({(long)n / (long)K}KB)");
        }
        sb.Append('\n');
        sb.Append($"    decimal: {n}  ");
        sb.Append((long)n < 0 ? $"({(long)n})\n" : "\n");
        sb.Append("      octal: ").Append(Convert.ToString((long)n, 8)).Append('\n');
        sb.Append("     binary: ").Append(Convert.ToString((long)n, 2).PadLeft(64, '0')).Append('\n');
        if (bits)
        {
            const string hdr = "   bits set: ";
            sb.Append(hdr);
            int ccnt = hdr.Length;
            for (int i = 63; i >= 0; i--)
            {
                if ((n & (1UL << i)) == 0)
                    continue;
                string b = $"{i} ";
                sb.Append(b);
                ccnt += b.Length;
                if (ccnt >= 77)
                {
                    sb.Append('\n').Append(' ', hdr.Length);
                    ccnt = hdr.Length;
                }
            }
            sb.Append('\n');
        }
        output.Write(sb.ToString());
    }
}
