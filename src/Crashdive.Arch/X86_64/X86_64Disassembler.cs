using Iced.Intel;

namespace Crashdive.Arch.X86_64;

/// <summary>
/// x86-64 disassembly in gdb's AT&amp;T spelling, as crash 9.0.2 shows it (its embedded gdb 16.3):
/// Iced decodes and formats mnemonic and operands; the prefixes, the few mnemonics and operands where
/// gdb's opcodes library spells things its own way, and the layout (mnemonic padded to 6 and one space
/// before operands, nothing after an operandless one) are done here. Symbol annotations are left to the
/// caller, which knows the kernel's symbols: each instruction carries its branch target and
/// RIP-relative address. One formatter serves every user (<c>dis</c>, gdb's <c>x/i</c>).
/// </summary>
public sealed partial class X86_64Disassembler
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
        o.SpaceAfterOperandSeparator = false;
        o.RipRelativeAddresses = true;
        o.GasShowMnemonicSizeSuffix = false;
        o.ShowZeroDisplacements = true;
        o.LeadingZeros = false;
        o.AddLeadingZeroToHexNumbers = false;
        o.ShowUselessPrefixes = false;
        if (@decimal)
            o.NumberBase = NumberBase.Decimal;
    }

    /// <summary>
    /// Decodes the one instruction at the start of <paramref name="code"/>, which sits at
    /// <paramref name="address"/>. An undecodable byte gives gdb's <c>(bad)</c> with length 1.
    /// </summary>
    public DisassembledInstruction Decode(ulong address, ReadOnlySpan<byte> code)
    {
        if (!TryDecode(address, code, out Instruction insn))
            return new DisassembledInstruction(address, 1, "(bad)", null, null, false);
        if (insn.Code == Code.Wait && code.Length > 1 && TryDecode(address + 1, code[1..], out Instruction next)
            && IsNoWaitForm(next.Mnemonic) && code[1] >= 0xd8 && code[1] <= 0xdf)
        {
            // gdb reads fwait followed by an fn* instruction as the waiting form: 9b df e0 is "fstsw  %ax".
            return new DisassembledInstruction(address, 1 + next.Length, Format(next, code[1..], waiting: true), null, null, false);
        }
        string text = Format(insn, code, waiting: false);
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

    private static bool TryDecode(ulong address, ReadOnlySpan<byte> code, out Instruction insn)
    {
        var decoder = Decoder.Create(64, new ByteArrayCodeReader(code.ToArray()), address, DecoderOptions.None);
        decoder.Decode(out insn);
        return !insn.IsInvalid && insn.Length > 0;
    }

    private static bool IsNoWaitForm(Mnemonic m) => m is Mnemonic.Fninit or Mnemonic.Fnclex or Mnemonic.Fnstsw
        or Mnemonic.Fnstcw or Mnemonic.Fnstenv or Mnemonic.Fnsave or Mnemonic.Fneni or Mnemonic.Fndisi or Mnemonic.Fnsetpm;

    // Prefix words, mnemonic and operands, laid out as gdb does: "%-6s " before operands, bare without.
    private string Format(in Instruction insn, ReadOnlySpan<byte> code, bool waiting)
    {
        string mnemonic = MnemonicText(insn);
        if (waiting && mnemonic.StartsWith("fn", StringComparison.Ordinal))
            mnemonic = "f" + mnemonic[2..];
        string operands = ShowEmptyIndex(insn, code, Operands(insn));
        string prefixes = PrefixWords(insn, code, ref mnemonic, operands);
        string head = prefixes.Length == 0 ? mnemonic : prefixes + mnemonic;
        if (operands.Length == 0)
            return head;
        return head.Length < 6 ? head.PadRight(6) + " " + operands : head + " " + operands;
    }

    // Iced's mnemonic without prefixes, respelled where gdb's opcodes library differs.
    private string MnemonicText(in Instruction insn)
    {
        _output.Reset();
        _formatter.FormatMnemonic(insn, _output, FormatMnemonicOptions.NoPrefixes);
        string m = _output.ToString();
        return m switch
        {
            // gdb writes no size suffix where the operand size is the default one.
            "lretl" => "lret",
            "iretl" => "iret",
            "ljmpl" => "ljmp",
            "lcalll" => "lcall",
            "callq" => "call",
            "jmpq" => "jmp",
            "pushq" or "popq" when insn.OpCount == 1 && insn.Op0Kind == OpKind.Memory => m[..^1],
            _ => m,
        };
    }

    // Iced's operands with gdb's spellings: the scale of an index, the implicit segments of string
    // instructions, "$1" of the shift-by-one forms, the port "(%dx)", the one operand of reserved nops.
    private string Operands(in Instruction insn)
    {
        if (insn.Code.ToString().StartsWith("Reservednop_", StringComparison.Ordinal))
            return OneOperand(insn, 0); // gdb: "nop    %edx" for 0f 1e fa
        switch (insn.Code)
        {
            // gdb names the implicit registers of monitor and mwait.
            case Code.Monitorq or Code.Monitorxq: return "%rax,%ecx,%edx";
            case Code.Monitord or Code.Monitorxd: return "%eax,%ecx,%edx";
            case Code.Mwait: return "%eax,%ecx";
            case Code.Mwaitx: return "%eax,%ecx,%ebx";
            case Code.Nopq: return ""; // 48 90 is "rex.W nop"
        }
        if (insn.Mnemonic is Iced.Intel.Mnemonic.Ltr or Iced.Intel.Mnemonic.Lldt or Iced.Intel.Mnemonic.Verr
            or Iced.Intel.Mnemonic.Verw && insn.Op0Kind == OpKind.Register)
            return "%" + insn.Op0Register.GetFullRegister32().ToString().ToLowerInvariant(); // gdb: "ltr    %eax"
        _output.Reset();
        _formatter.FormatAllOperands(insn, _output);
        string text = _output.ToString();
        if (text.Length == 0)
            return insn.OpCount > 0 && insn.Op0Kind == OpKind.Register && insn.Op0Register.IsST() ? X87Operands(insn) : text;
        if (insn.IsStringInstruction)
            text = ShowStringSegments(insn, text);
        text = ScaleOne(text);
        if (insn.Mnemonic == Iced.Intel.Mnemonic.Imul && insn.OpCount == 3 && insn.Op0Kind == OpKind.Register
            && insn.Op1Kind == OpKind.Register && insn.Op0Register == insn.Op1Register && text.Split(',').Length == 2)
            text += text[text.LastIndexOf(',')..]; // gdb keeps the three-operand form: imul $0x3,%ecx,%ecx
        if (insn.Code.ToString().EndsWith("_1", StringComparison.Ordinal) && text.StartsWith("$0x1,", StringComparison.Ordinal))
            text = "$1," + text[5..]; // gdb: "shr    $1,%edx" for the shift-by-one forms (d0/d1)
        if (insn.Code == Code.Xlat_m8 && text.StartsWith('('))
            text = "%ds:" + text; // gdb: "xlat   %ds:(%rbx)"
        if (text.Contains("%dr", StringComparison.Ordinal))
            text = text.Replace("%dr", "%db", StringComparison.Ordinal); // gdb names the debug registers %db0..%db7
        if (insn.Mnemonic is Iced.Intel.Mnemonic.In or Iced.Intel.Mnemonic.Out or Iced.Intel.Mnemonic.Insb
            or Iced.Intel.Mnemonic.Insw or Iced.Intel.Mnemonic.Insd or Iced.Intel.Mnemonic.Outsb
            or Iced.Intel.Mnemonic.Outsw or Iced.Intel.Mnemonic.Outsd)
        {
            int at = text.IndexOf("%dx", StringComparison.Ordinal);
            if (at >= 0 && (at == 0 || text[at - 1] != '('))
                text = text[..at] + "(%dx)" + text[(at + 3)..]; // gdb: "in     (%dx),%al"
        }
        return text;
    }

    // Iced leaves out the stack registers of the st(1) forms; gdb writes them: "faddp  %st,%st(1)",
    // "fxch   %st(1)" (the compare and exchange forms name only the other register).
    private static string X87Operands(in Instruction insn)
    {
        static string Name(Register r) => r == Register.ST0 ? "%st" : $"%st({r - Register.ST0})";
        if (insn.OpCount == 1)
            return Name(insn.Op0Register);
        if (insn.Mnemonic is Iced.Intel.Mnemonic.Fxch or Iced.Intel.Mnemonic.Fcom or Iced.Intel.Mnemonic.Fcomp
            or Iced.Intel.Mnemonic.Fucom or Iced.Intel.Mnemonic.Fucomp)
            return Name(insn.Op0Register == Register.ST0 ? insn.Op1Register : insn.Op0Register);
        return Name(insn.Op1Register) + "," + Name(insn.Op0Register);
    }

    private string OneOperand(in Instruction insn, int instructionOperand)
    {
        int count = _formatter.GetOperandCount(insn);
        for (int f = 0; f < count; f++)
        {
            if (_formatter.GetInstructionOperand(insn, f) != instructionOperand)
                continue;
            _output.Reset();
            _formatter.FormatOperand(insn, _output, f);
            return _output.ToString();
        }
        return "";
    }

    // gdb shows a SIB byte that names no index register, which Iced prints as the shorter equivalent:
    // "lea (%rax,%riz,1),%rax" for 48 8d 04 20, "mov 0x0(,%riz,2),%eax" for 8b 04 65 00 00 00 00; only
    // (%rsp) and (%r12) with scale 1, which need the SIB, and a bare displacement stay as they are.
    private string ShowEmptyIndex(in Instruction insn, ReadOnlySpan<byte> code, string operands)
    {
        if (insn.MemoryIndex != Register.None || SibByte(insn, code) is not (>= 0 and var sib) || ((sib >> 3) & 7) != 4)
            return operands;
        int scale = 1 << (sib >> 6);
        bool hasBase = insn.MemoryBase != Register.None;
        bool addr32 = hasBase ? insn.MemoryBase.IsGPR32() : HasPrefix(insn, code, 0x67);
        if (hasBase ? (sib & 7) == 4 && scale == 1 : scale == 1 && !addr32)
            return operands;
        int memory = -1;
        for (int i = 0; i < insn.OpCount && memory < 0; i++)
            memory = insn.GetOpKind(i) == OpKind.Memory ? i : -1;
        string old = OneOperand(insn, memory);
        int at = operands.IndexOf(old, StringComparison.Ordinal);
        if (old.Length == 0 || at < 0)
            return operands;
        string zero = addr32 ? "%eiz" : "%riz";
        string replacement;
        if (hasBase)
        {
            int open = old.LastIndexOf('(');
            if (open < 0)
                return operands;
            replacement = old[..open] + "(%" + insn.MemoryBase.ToString().ToLowerInvariant() + "," + zero + "," + scale + ")";
        }
        else
            replacement = old + "(," + zero + "," + scale + ")";
        return operands[..at] + replacement + operands[(at + old.Length)..];
    }

    // The SIB byte of a legacy-encoded instruction's ModRM memory operand, or -1 when there is none.
    private static int SibByte(in Instruction insn, ReadOnlySpan<byte> code)
    {
        if (insn.Encoding != EncodingKind.Legacy || insn.IsIPRelativeMemoryOperand)
            return -1;
        bool memory = false;
        for (int i = 0; i < insn.OpCount; i++)
            memory |= insn.GetOpKind(i) == OpKind.Memory;
        int at = PrefixCount(insn, code) + insn.OpCode.Table switch { OpCodeTableKind.Normal => 1, OpCodeTableKind.T0F => 2, _ => 3 };
        if (!memory || insn.OpCode.IsInstruction == false || at + 1 >= Math.Min(code.Length, insn.Length))
            return -1;
        byte modrm = code[at];
        return modrm >> 6 == 3 || (modrm & 7) != 4 ? -1 : code[at + 1];
    }

    private static bool HasPrefix(in Instruction insn, ReadOnlySpan<byte> code, byte prefix)
    {
        int count = PrefixCount(insn, code);
        for (int j = 0; j < count; j++)
        {
            if (code[j] == prefix)
                return true;
        }
        return false;
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
                    // In 64-bit mode only fs and gs override the source; gdb shows %ds: for any other.
                    string seg = insn.MemorySegment is Register.FS or Register.GS ? "%" + insn.MemorySegment.ToString().ToLowerInvariant() + ":" : "%ds:";
                    int at = text.IndexOf(reg, StringComparison.Ordinal);
                    if (at >= 4 && text[at - 1] == ':' && text[at - 4] == '%')
                        text = text[..(at - 4)] + text[at..];
                    at = text.IndexOf(reg, StringComparison.Ordinal);
                    if (at >= 0)
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
}
