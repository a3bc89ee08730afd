using System.Text;
using Crashdive.Arch.X86_64;
using Crashdive.Commands.Printing;
using Crashdive.Dumps;
using Crashdive.Helpers.Code;
using Crashdive.Kernel;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// gdb's <c>x/NFU ADDRESS</c>: N units of memory from ADDRESS in format F, each unit U bytes, eight bytes or
/// fewer to a line (one string or instruction with <c>s</c> and <c>i</c>), every line led by its address and
/// symbol. Format, size and count left out are taken from the last <c>x</c>; without an address it goes on
/// where the last one stopped.
/// </summary>
public sealed class ExamineCommand : ICommand
{
    /// <summary>The synopsis.</summary>
    public const string Synopsis = "[/nfu] [address | expression]";

    /// <summary>Most units one command shows (a bound against a huge count).</summary>
    public const int MaxUnits = 1 << 20;

    /// <inheritdoc/>
    public string Name => "x";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "x",
        Summary = "examine memory in gdb's formats",
        Synopsis = Synopsis,
        Description = """
            gdb's examine command, as crash users type it: shows memory from an address, given as a number (0x...),
            a symbol or any expression, in one of gdb's formats. The slash and its letters may touch the command
            (x/8gx) or stand apart (x /8gx). Letters left out come from the last x (at first: x and w); an address
            left out means "where the last x stopped", so that x alone goes on through memory. Each line starts
            with its address and the symbol it falls in; b and h show eight units a line, w four, g two.

              n  how many units to show (default 1; x alone repeats the last count)
              f  x hexadecimal, z hexadecimal with leading zeros,
                 d signed decimal, u unsigned decimal, o octal, t binary,
                 a an address with its symbol, c a character, f floating point,
                 s a NUL-terminated string, i an instruction (the pc marked "=>")
              u  b byte, h two bytes, w four bytes, g eight bytes
            """,
        Arguments = [new("/nfu", "count, format and unit"), new("address | expression", "where to start")],
        Examples =
        [
            new("x/4gx &init_task", "the first four eight-byte words of init_task"),
            new("x/s linux_banner", "the string at linux_banner"),
            new("x/3i schedule", "three instructions of schedule"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args) => Run(context, GdbCommand.LineOf(Name, args), args);

    /// <summary>Runs x over <paramref name="args"/>; a failure names <paramref name="line"/>.</summary>
    public static void Run(CommandContext context, string line, IReadOnlyList<string> args) =>
        GdbCommand.Run(context, line, () => Examine(context, args));

    private static void Examine(CommandContext context, IReadOnlyList<string> args)
    {
        KernelProgram kernel = context.Kernel;
        GdbState state = GdbState.Of(kernel);
        string text = string.Join(' ', args).Trim();
        GdbFormat format = new(1, state.LastFormat, state.LastSize, false);
        bool formatGiven = false;
        if (text.StartsWith('/'))
        {
            (format, text) = GdbFormat.Parse(text[1..], state.LastFormat, state.LastSize);
            formatGiven = true;
        }
        else if (text.Length == 0 && state.LastCount > 0)
            format = format with { Count = state.LastCount };
        state.LastCount = format.Count;
        ulong address;
        if (text.Length > 0)
        {
            address = GdbValues.AsAddress(GdbValues.Evaluate(kernel, text));
        }
        else if (state.NextAddress is ulong next)
            address = next;
        else
            throw new GdbException("Argument required (starting display address).");
        _ = formatGiven;
        if (!GdbScalar.IsKnown(format.Letter))
            throw new GdbException($"Undefined output format \"{format.Letter}\".");
        try
        {
            Show(context, format, address, state);
        }
        finally
        {
            state.LastSize = format.Letter == 's' ? 'b' : format.Size;
            state.LastFormat = format.Letter;
        }
    }

    private static void Show(CommandContext context, GdbFormat format, ulong address, GdbState state)
    {
        KernelProgram kernel = context.Kernel;
        TextWriter output = context.Out;
        char size = format.Size;
        char letter = format.Letter;
        if (letter is 's' or 'i')
            size = 'b';
        if (size is 'a' or '\0')
            size = 'g';
        int unit = GdbFormat.UnitBytes(size);
        int perLine = letter is 's' or 'i' ? 1 : size switch { 'w' => 4, 'g' => 2, _ => 8 };
        int count = Math.Clamp(format.Count, 0, MaxUnits);
        GdbSymbols symbols = GdbSymbols.Of(kernel);
        ulong? pc = letter == 'i' ? GdbValues.SelectedPc(kernel) : null;
        var disassembler = letter == 'i' ? new X86_64Disassembler() : null;
        var line = new StringBuilder(256);
        Span<byte> buffer = stackalloc byte[8];
        byte[] code = letter == 'i' ? new byte[16] : [];
        state.NextAddress = address;
        while (count > 0)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            line.Clear();
            if (letter == 'i')
                line.Append(pc == address ? "=> " : "   ");
            AppendAddress(line, address, symbols);
            line.Append(':');
            for (int i = perLine; i > 0 && count > 0; i--, count--)
            {
                line.Append('\t');
                switch (letter)
                {
                    case 's':
                        address = AppendString(line, kernel, address);
                        break;
                    case 'i':
                    {
                        int got = KernelCode.ReadText(kernel, address, code);
                        if (got == 0)
                            Fault(output, line, address);
                        DisassembledInstruction insn = disassembler!.Decode(address, code.AsSpan(0, got));
                        line.Append(GdbInstruction.Text(insn, symbols));
                        address += (ulong)insn.Length;
                        break;
                    }
                    default:
                    {
                        Span<byte> unitBytes = buffer[..unit];
                        try
                        {
                            kernel.Memory.Read(address, unitBytes);
                        }
                        catch (MemoryFaultException)
                        {
                            Fault(output, line, address);
                        }
                        GdbScalar.Append(line, unitBytes, letter, padded: true, signed: letter != 'u', symbols.Annotate);
                        address += (ulong)unit;
                        break;
                    }
                }
                state.NextAddress = address;
            }
            line.Append('\n');
            output.Write(line);
        }
    }

    /// <summary>gdb's <c>print_address</c>: <c>0xADDR</c> and, when a symbol holds it, <c> &lt;name+off&gt;</c>.</summary>
    public static void AppendAddress(StringBuilder sb, ulong address, GdbSymbols symbols)
    {
        sb.Append("0x").Append(address.ToString("x"));
        if (symbols.Annotate(address) is string name)
            sb.Append(' ').Append(name);
    }

    /// <summary>What was printed of the line, then gdb's error for the unit it could not read.</summary>
    private static void Fault(TextWriter output, StringBuilder line, ulong address)
    {
        output.Write(line);
        throw new GdbException($"Cannot access memory at address 0x{address:x}");
    }

    /// <summary>A string at <paramref name="address"/> as gdb's x/s shows it; returns the address after it (past its NUL).</summary>
    private static ulong AppendString(StringBuilder line, KernelProgram kernel, ulong address)
    {
        int max = SessionSettings.Of(kernel).PrintMax;
        var bytes = new List<byte>(64);
        Span<byte> one = stackalloc byte[1];
        for (int i = 0; i < max; i++)
        {
            try
            {
                kernel.Memory.Read(address + (ulong)i, one);
            }
            catch (MemoryFaultException)
            {
                if (i > 0)
                {
                    GdbText.AppendQuoted(line, bytes.ToArray());
                    line.Append(' ');
                }
                line.Append($"<error: Cannot access memory at address 0x{address + (ulong)i:x}>");
                return address + (ulong)i;
            }
            if (one[0] == 0)
            {
                GdbText.AppendQuoted(line, bytes.ToArray());
                return address + (ulong)i + 1;
            }
            bytes.Add(one[0]);
        }
        GdbText.AppendQuoted(line, bytes.ToArray());
        line.Append("...");
        return address + (ulong)max;
    }
}
