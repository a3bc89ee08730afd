using Iced.Intel;

namespace Crashdive.Arch.X86_64;

/// <summary>
/// x86-64 disassembly in gdb's AT&amp;T spelling (what crash's <c>dis</c> shows, since crash asks its
/// embedded gdb): Iced's GAS formatter with the settings that matched gdb 13.1 on a real vmlinux
/// (see the project's dependencies notes). Symbol annotations are left to the caller, which knows
/// the kernel's symbols: each instruction carries its branch target and RIP-relative address.
/// </summary>
public sealed class X86_64Disassembler
{
    private readonly GasFormatter _formatter;
    private readonly StringOutput _output = new();

    /// <summary>A disassembler printing numbers in hex (gdb's default) or, with <paramref name="decimal"/>, decimal.</summary>
    public X86_64Disassembler(bool @decimal = false)
    {
        _formatter = new GasFormatter();
        FormatterOptions o = _formatter.Options;
        o.HexPrefix = "0x";
        o.HexSuffix = null;
        o.UppercaseHex = false;
        o.SmallHexNumbersInDecimal = false;
        o.BranchLeadingZeros = false;
        o.FirstOperandCharIndex = 7;
        o.SpaceAfterOperandSeparator = false;
        o.RipRelativeAddresses = true;
        o.GasShowMnemonicSizeSuffix = false;
        o.ShowZeroDisplacements = true;
        o.LeadingZeros = false;
        o.AddLeadingZeroToHexNumbers = false;
        if (@decimal)
            o.NumberBase = NumberBase.Decimal;
    }

    /// <summary>
    /// Decodes the one instruction at the start of <paramref name="code"/>, which sits at
    /// <paramref name="address"/>. An undecodable byte gives gdb's <c>(bad)</c> with length 1.
    /// </summary>
    public DisassembledInstruction Decode(ulong address, ReadOnlySpan<byte> code)
    {
        var reader = new ByteArrayCodeReader(code.ToArray());
        var decoder = Decoder.Create(64, reader, address, DecoderOptions.None);
        decoder.Decode(out Instruction insn);
        if (insn.IsInvalid || insn.Length == 0)
            return new DisassembledInstruction(address, 1, "(bad)  ", null, null, false);
        _output.Reset();
        _formatter.Format(insn, _output);
        string text = _output.ToString();
        if (insn.SegmentPrefix is Register.CS or Register.DS or Register.ES or Register.SS)
            text = ShowUselessSegment(insn, text);
        if (insn.IsStringInstruction)
            text = ShowStringSegments(insn, text);
        text = ScaleOne(text);
        if (insn.Code.ToString().EndsWith("_1", StringComparison.Ordinal))
            text = text.Replace("$0x1,", "", StringComparison.Ordinal); // gdb: "sar    %ebx" for the shift-by-one forms
        if (insn.Mnemonic is Mnemonic.Push or Mnemonic.Pop && insn.OpCount == 1 && insn.Op0Kind == OpKind.Memory
            && (text.StartsWith("pushq  ", StringComparison.Ordinal) || text.StartsWith("popq   ", StringComparison.Ordinal)))
            text = (insn.Mnemonic == Mnemonic.Push ? "push   " : "pop    ") + text[7..]; // gdb 10: no suffix
        if (insn.Mnemonic == Mnemonic.Imul && insn.OpCount == 3 && insn.Op0Kind == OpKind.Register && insn.Op1Kind == OpKind.Register
            && insn.Op0Register == insn.Op1Register && text.Split(',').Length == 2)
            text += text[text.LastIndexOf(',')..]; // gdb keeps the three-operand form: imul $0x3,%ecx,%ecx
        // gdb 16 (crash 9) prints a mnemonic without operands unpadded ("ret", "int3"); gdb 10 padded it to 7
        text = text.TrimEnd();
        ulong? branch = null;
        for (int i = 0; i < insn.OpCount; i++)
        {
            OpKind k = insn.GetOpKind(i);
            if (k is OpKind.NearBranch64 or OpKind.NearBranch32 or OpKind.NearBranch16)
                branch = insn.NearBranchTarget;
        }
        ulong? rip = insn.IsIPRelativeMemoryOperand ? insn.IPRelativeMemoryAddress : null;
        return new DisassembledInstruction(address, insn.Length, text, branch, rip, insn.FlowControl == FlowControl.Call);
    }

    // gdb writes the scale of an indexed operand even when it is 1: 0x0(%rax,%rax,1).
    private static string ScaleOne(string text)
    {
        int open = text.IndexOf('(');
        while (open >= 0)
        {
            int close = text.IndexOf(')', open);
            if (close < 0)
                break;
            string inner = text[(open + 1)..close];
            int commas = 0;
            foreach (char c in inner)
                commas += c == ',' ? 1 : 0;
            if (commas == 1 && inner.IndexOf(',') < inner.Length - 1)
                text = text[..close] + ",1" + text[close..];
            open = text.IndexOf('(', close);
        }
        return text;
    }

    // gdb names the implicit segments of string instructions: rep movsq %ds:(%rsi),%es:(%rdi).
    private static string ShowStringSegments(in Instruction insn, string text)
    {
        for (int i = 0; i < insn.OpCount; i++)
        {
            switch (insn.GetOpKind(i))
            {
                case OpKind.MemorySegRSI or OpKind.MemorySegESI or OpKind.MemorySegSI:
                {
                    string reg = insn.GetOpKind(i) == OpKind.MemorySegRSI ? "(%rsi)" : insn.GetOpKind(i) == OpKind.MemorySegESI ? "(%esi)" : "(%si)";
                    string seg = "%" + insn.MemorySegment.ToString().ToLowerInvariant() + ":";
                    int at = text.IndexOf(reg, StringComparison.Ordinal);
                    if (at >= 0 && (at == 0 || text[at - 1] != ':'))
                        text = text[..at] + seg + text[at..];
                    break;
                }
                case OpKind.MemoryESRDI or OpKind.MemoryESEDI or OpKind.MemoryESDI:
                {
                    string reg = insn.GetOpKind(i) == OpKind.MemoryESRDI ? "(%rdi)" : insn.GetOpKind(i) == OpKind.MemoryESEDI ? "(%edi)" : "(%di)";
                    int at = text.IndexOf(reg, StringComparison.Ordinal);
                    if (at >= 0 && (at == 0 || text[at - 1] != ':'))
                        text = text[..at] + "%es:" + text[at..];
                    break;
                }
            }
        }
        return text;
    }

    // gdb keeps a segment override that 64-bit mode ignores (%cs: in the kernel's multi-byte nops);
    // Iced drops it: put it back in front of the memory operand.
    private string ShowUselessSegment(in Instruction insn, string text)
    {
        int count = _formatter.GetOperandCount(insn);
        for (int f = 0; f < count; f++)
        {
            int i = _formatter.GetInstructionOperand(insn, f);
            if (i < 0 || insn.GetOpKind(i) != OpKind.Memory)
                continue;
            var one = new StringOutput();
            _formatter.FormatOperand(insn, one, f);
            string operand = one.ToString();
            if (operand.Length == 0 || operand.Contains(':'))
                return text;
            string seg = "%" + insn.SegmentPrefix.ToString().ToLowerInvariant() + ":";
            int at = text.IndexOf(operand, StringComparison.Ordinal);
            return at < 0 ? text : text[..at] + seg + text[at..];
        }
        return text;
    }
}
