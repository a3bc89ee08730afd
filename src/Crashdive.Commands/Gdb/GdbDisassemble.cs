using System.Text;
using Crashdive.Arch.X86_64;
using Crashdive.Helpers.Code;
using Crashdive.Kernel;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// gdb's <c>disassemble [ADDRESS]</c>: the whole function holding the address (the selected frame's pc when none is
/// given), each instruction as <c>   0xADDR &lt;+OFFSET&gt;:\tINSTRUCTION</c>, the frame's pc marked <c>=&gt;</c>, between
/// gdb's header and footer lines.
/// </summary>
public static class GdbDisassemble
{
    /// <summary>Most instructions listed (a bound against a corrupt range).</summary>
    public const int MaxInstructions = 1 << 16;

    /// <summary>Runs disassemble over the text after the command name.</summary>
    public static void Run(CommandContext context, string text)
    {
        KernelProgram kernel = context.Kernel;
        text = text.Trim();
        if (text.StartsWith('/'))
            throw new GdbException("disassemble modifiers are not supported");
        ulong? pc = GdbValues.SelectedPc(kernel);
        ulong address = text.Length > 0 ? GdbValues.AsAddress(GdbValues.Evaluate(kernel, text))
            : GdbFrames.Selected(kernel)?.Registers.LookupPc ?? throw new GdbException("No frame selected.");
        if (KernelCode.FunctionRange(kernel, address) is not var (start, end) || end <= start)
            throw new GdbException($"No function contains specified address.");
        string name = KernelCode.DwarfFunction(kernel, address) is var (function, _) ? function
            : Printing.SymbolAnnotator.Of(kernel).Lookup(address)?.Name ?? "??";
        GdbSymbols symbols = GdbSymbols.Of(kernel);
        var disassembler = new X86_64Disassembler();
        var sb = new StringBuilder();
        sb.Append("Dump of assembler code for function ").Append(name).Append(":\n");
        byte[] code = new byte[16];
        ulong at = start;
        for (int n = 0; at < end && n < MaxInstructions; n++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            int got = KernelCode.ReadText(kernel, at, code);
            if (got == 0)
            {
                context.Out.Write(sb.ToString());
                throw new GdbException($"Cannot access memory at address 0x{at:x}");
            }
            DisassembledInstruction insn = disassembler.Decode(at, code.AsSpan(0, got));
            sb.Append(pc == at ? "=> " : "   ").Append($"0x{at:x} <+{at - start}>:\t").Append(GdbInstruction.Text(insn, symbols)).Append('\n');
            at += (ulong)Math.Max(1, insn.Length);
        }
        sb.Append("End of assembler dump.\n");
        context.Out.Write(sb.ToString());
    }
}
