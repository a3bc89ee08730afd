using Crashdive.Arch.X86_64;
using Crashdive.Commands.Printing;

namespace Crashdive.Commands.Gdb;

/// <summary>An instruction's text as gdb's disassembler prints it: branch targets and RIP-relative operands named by gdb's symbols.</summary>
public static class GdbInstruction
{
    /// <summary>The text of <paramref name="insn"/> (<c>call   0x... &lt;schedule&gt;</c>, <c>mov    0x10(%rip),%rax        # 0x... &lt;jiffies&gt;</c>).</summary>
    public static string Text(DisassembledInstruction insn, GdbSymbols symbols)
    {
        string text = insn.Text;
        if (insn.BranchTarget is ulong b && symbols.Annotate(b) is string bs)
            return $"{text} {bs}";
        if (insn.RipTarget is ulong r)
        {
            text = $"{text}        # 0x{r:x}";
            if (symbols.Annotate(r) is string rs)
                text = $"{text} {rs}";
        }
        return text;
    }
}
