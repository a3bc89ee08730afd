using System.Text;
using Iced.Intel;

namespace Crashdive.Arch.X86_64;

public sealed partial class X86_64Disassembler
{
    /// <summary>
    /// The prefix words gdb writes before the mnemonic, in the order of the prefix bytes: every prefix
    /// the instruction does not use is named (in 64-bit mode cs/ds/es/ss never select a segment, so
    /// "cs nopw 0x0(%rax,%rax,1)"; an extra 0x66 is "data16", an unused 0x67 "addr32", an unused REX
    /// "rex.W"), f3 is "rep" on movs/stos/lods/ins/outs and "repz" elsewhere, f2 "bnd" on a near branch,
    /// ds "notrack" on an indirect one; a used prefix (an operand size, a mandatory prefix, fs/gs on a
    /// memory operand) is not written. A jcc's cs/ds hint goes on the mnemonic: "je,pt".
    /// </summary>
    private string PrefixWords(in Instruction insn, ReadOnlySpan<byte> code, ref string mnemonic, string operands)
    {
        int count = PrefixCount(insn, code);
        if (count == 0)
            return "";
        int rex = code[count - 1] is >= 0x40 and <= 0x4f ? count - 1 : -1;
        int lastSeg = -1, last66 = -1, last67 = -1, lastF2 = -1, lastF3 = -1;
        bool lockPrefix = false, hasCs = false, hasDs = false;
        for (int j = 0; j < count; j++)
        {
            switch (code[j])
            {
                case 0x26 or 0x36 or 0x64 or 0x65: lastSeg = j; break;
                case 0x2e: lastSeg = j; hasCs = true; break;
                case 0x3e: lastSeg = j; hasDs = true; break;
                case 0x66: last66 = j; break;
                case 0x67: last67 = j; break;
                case 0xf0: lockPrefix = true; break;
                case 0xf2: lastF2 = j; break;
                case 0xf3: lastF3 = j; break;
            }
        }
        bool branchHint = insn.IsJccShortOrNear && hasCs != hasDs;
        if (branchHint)
            mnemonic += hasCs ? ",pn" : ",pt";
        bool nearBranch = insn.IsJccShortOrNear || insn.IsCallNear || insn.IsCallNearIndirect || insn.IsJmpShortOrNear
            || insn.IsJmpNearIndirect || insn.Mnemonic == Iced.Intel.Mnemonic.Ret;
        bool indirect = insn.IsCallNearIndirect || insn.IsJmpNearIndirect;
        bool compareString = insn.IsStringInstruction && insn.Mnemonic is Iced.Intel.Mnemonic.Cmpsb or Iced.Intel.Mnemonic.Cmpsw
            or Iced.Intel.Mnemonic.Cmpsd or Iced.Intel.Mnemonic.Cmpsq or Iced.Intel.Mnemonic.Scasb or Iced.Intel.Mnemonic.Scasw
            or Iced.Intel.Mnemonic.Scasd or Iced.Intel.Mnemonic.Scasq;
        bool readsDsSource = false;
        for (int i = 0; i < insn.OpCount; i++)
            readsDsSource |= insn.GetOpKind(i) is OpKind.MemorySegRSI or OpKind.MemorySegESI or OpKind.MemorySegSI;

        var words = new StringBuilder();
        for (int j = 0; j < count; j++)
        {
            string? word = code[j] switch
            {
                0xf0 => "lock",
                0xf2 when j != lastF2 => "repnz",
                0xf2 when lockPrefix => "xacquire",
                0xf2 when nearBranch => "bnd",
                0xf2 when insn.IsStringInstruction => "repnz",
                0xf2 => Unused(insn, code, count, j) ? "repnz" : null,
                0xf3 when j != lastF3 => "repz",
                0xf3 when lockPrefix => "xrelease",
                0xf3 when insn.IsStringInstruction => compareString ? "repz" : "rep",
                0xf3 => Unused(insn, code, count, j) ? "repz" : null,
                0x66 when j != last66 => "data16",
                0x66 when insn.Mnemonic == Iced.Intel.Mnemonic.Ret => null, // "retw"
                0x66 => Unused(insn, code, count, j) ? "data16" : null,
                0x67 when j != last67 => "addr32",
                0x67 when IsMemoryOffset(insn) => "addr32", // gdb reads the 4-byte offset yet names the prefix
                0x67 when insn.MemoryBase == Register.None && SibByte(insn, code) >= 0 => null, // "0x0(,%eiz,1)"
                0x67 => Unused(insn, code, count, j) ? "addr32" : null,
                0x2e or 0x3e when branchHint => null,
                0x26 or 0x2e or 0x36 or 0x3e when j == lastSeg && indirect && hasDs && last66 < 0 => "notrack",
                // A string source with an ignored override still reads %ds:, and gdb counts the override as used.
                0x26 or 0x2e or 0x36 or 0x3e when j == lastSeg && readsDsSource => null,
                0x26 => "es",
                0x2e => "cs",
                0x36 => "ss",
                0x3e => "ds",
                0x64 when j == lastSeg && operands.Contains("%fs:", StringComparison.Ordinal) => null,
                0x65 when j == lastSeg && operands.Contains("%gs:", StringComparison.Ordinal) => null,
                0x64 => "fs",
                0x65 => "gs",
                >= 0x40 and <= 0x4f when j != rex => RexName(code[j]),
                // REX.W does not widen a far jump or call for gdb (AMD64 reading): "rex.W ljmp *(%rsp)".
                >= 0x40 and <= 0x4f when insn.Code is Code.Nopq or Code.Jmp_m1664 or Code.Call_m1664
                    || Unused(insn, code, count, j) => RexName(code[j]),
                _ => null,
            };
            if (word != null)
                words.Append(word).Append(' ');
        }
        if (insn.Code == Code.Nopq && rex >= 0)
            mnemonic = "nop"; // 48 90: "rex.W nop", not Iced's "xchg %rax,%rax"
        if (insn.Mnemonic == Iced.Intel.Mnemonic.Ret && last66 >= 0)
            mnemonic = "retw";
        return words.ToString();
    }

    // How many legacy and REX prefix bytes precede the opcode.
    private static int PrefixCount(in Instruction insn, ReadOnlySpan<byte> code)
    {
        int count = 0;
        while (count < insn.Length - 1 && count < code.Length && IsPrefixByte(code[count]))
            count++;
        return count;
    }

    private static bool IsMemoryOffset(in Instruction insn)
    {
        for (int i = 0; i < insn.OpCount; i++)
        {
            if (insn.GetOpKind(i) == OpKind.Memory && insn.MemoryBase == Register.None && insn.MemoryIndex == Register.None
                && insn.Code.ToString().Contains("moffs", StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private static bool IsPrefixByte(byte b) => b is 0x26 or 0x2e or 0x36 or 0x3e or 0x64 or 0x65 or 0x66 or 0x67
        or 0xf0 or 0xf2 or 0xf3 or (>= 0x40 and <= 0x4f);

    private static string RexName(byte b)
    {
        if (b == 0x40)
            return "rex";
        var s = new StringBuilder("rex.");
        if ((b & 8) != 0) s.Append('W');
        if ((b & 4) != 0) s.Append('R');
        if ((b & 2) != 0) s.Append('X');
        if ((b & 1) != 0) s.Append('B');
        return s.ToString();
    }

    // True when the instruction decodes and prints the same without the prefix byte at index at
    // (and its repeats among the prefixes).
    private bool Unused(in Instruction insn, ReadOnlySpan<byte> code, int prefixes, int at)
    {
        int length = Math.Min(code.Length, insn.Length);
        var without = new List<byte>(length);
        for (int j = 0; j < length; j++)
        {
            if (j >= prefixes || code[j] != code[at])
                without.Add(code[j]);
        }
        int removed = length - without.Count;
        if (!TryDecode(insn.IP + (ulong)removed, without.ToArray(), out Instruction other) || other.Code != insn.Code
            || other.Length != insn.Length - removed)
            return false;
        return MnemonicText(other) == MnemonicText(insn) && Operands(other) == Operands(insn);
    }
}
