using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Code;
using Crashdive.Helpers.Stack;
using Crashdive.Kernel;

namespace Crashdive.Commands.Backtrace;

/// <summary>
/// <c>bt -R ref</c>, as crash's x86_64_do_bt_reference_check: a symbol name matches a frame's function
/// or an exception RIP's function; a hexadecimal value (or an expression) matches a frame's address or
/// its function's start, or any register of an exception frame.
/// </summary>
internal sealed class BtReference
{
    private readonly KernelProgram _kernel;
    private readonly string _name;
    private readonly ulong? _value;

    public BtReference(KernelProgram kernel, string reference)
    {
        _kernel = kernel;
        _name = reference;
        if (AddressExpression.IsHexadecimal(reference))
            _value = AddressExpression.ParseHex(reference);
        else if (reference.IndexOfAny(['+', '-', '*', '/', '(', ')']) >= 0 && AddressExpression.TryEvaluate(reference, kernel.SymbolAddress, out ulong v))
            _value = v;
    }

    /// <summary>True once a reference was seen.</summary>
    public bool Found { get; private set; }

    /// <summary>Looks at every frame and exception frame of <paramref name="bt"/>.</summary>
    public void Check(Helpers.Stack.Backtrace bt)
    {
        foreach (StackFrame f in bt.Frames)
        {
            CheckText(f.Pc);
            if (f.Exception is PtRegs r)
                CheckRegisters(r);
        }
        if (bt.UserRegs is PtRegs u)
            CheckRegisters(u);
    }

    /// <summary>Looks at the registers of one exception frame.</summary>
    public void CheckRegisters(PtRegs r)
    {
        CheckText(r.Ip);
        if (_value is ulong v)
        {
            foreach (ulong x in (ulong[])[r.Sp, r.Cs, r.Ss, r.Flags, r.OrigAx, r.Bp, r.Ax, r.Bx, r.Cx, r.Dx, r.Si, r.Di,
                         r.R8, r.R9, r.R10, r.R11, r.R12, r.R13, r.R14, r.R15])
            {
                if (x == v)
                    Found = true;
            }
        }
    }

    private void CheckText(ulong pc)
    {
        var sym = KernelCode.Symbol(_kernel, pc);
        if (_value is ulong v)
        {
            if (pc == v || sym is var (_, off) && pc - off == v)
                Found = true;
        }
        else if (sym is var (name, _) && name == _name)
            Found = true;
    }
}
