using System.Text.RegularExpressions;
using Crashdive.Dumps;
using Crashdive.Helpers.Stack;
using Crashdive.Kernel;
using Crashdive.Kernel.Expressions;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// Expressions as gdb evaluates them for its own commands inside crash: the selected frame's names first, then
/// the kernel's; the value history; gdb's wording for every failure (<see cref="GdbException"/>).
/// </summary>
public static partial class GdbValues
{
    /// <summary>The value of <paramref name="expression"/>.</summary>
    public static KObject Evaluate(KernelProgram kernel, string expression)
    {
        if (expression.Trim().Length == 0)
            throw new GdbException("Argument required (expression to compute).");
        if (expression.Contains('$'))
            expression = Registers().Replace(expression, m => RegisterValue(kernel, m.Groups[1].Value));
        try
        {
            return new ExpressionEvaluator(kernel, ValueHistory.Of(kernel)) { LocalScope = Backtrace.FrameNames.Resolver(kernel) }.Evaluate(expression);
        }
        catch (ExpressionException e)
        {
            throw new GdbException(e.Message);
        }
        catch (KernelObjectException e)
        {
            throw new GdbException(e.Message);
        }
        catch (MemoryFaultException e)
        {
            throw new GdbException($"Cannot access memory at address 0x{e.Address:x}");
        }
    }

    /// <summary>The value of <c>$NAME</c>, a register of the selected frame, as a literal; gdb's error when the frame does not know it.</summary>
    private static string RegisterValue(KernelProgram kernel, string name)
    {
        GdbFrame frame = GdbFrames.Selected(kernel) ?? throw new GdbException("No registers.");
        if (GdbRegisterSet.Of(kernel, frame).Value(name) is ulong v)
            return $"0x{v:x}";
        throw new GdbException("value is not available");
    }

    [GeneratedRegex(@"\$(pc|sp|rip|rsp|rbp|rax|rbx|rcx|rdx|rsi|rdi|r8|r9|r10|r11|r12|r13|r14|r15|fs_base|gs_base)\b")]
    private static partial Regex Registers();

    /// <summary>
    /// gdb's <c>value_as_address</c> for <c>x</c>: a pointer's or integer's value, the address of an array or a
    /// function; anything else cannot be an address.
    /// </summary>
    public static ulong AsAddress(KObject value)
    {
        CType t = value.UnderlyingType;
        try
        {
            return t switch
            {
                ArrayType when value.IsReference => value.Address,
                FunctionType when value.IsReference => value.Address,
                PointerType or BaseType { IsFloat: false } or EnumType => value.ToUInt64(),
                _ => throw new GdbException("Value can't be converted to integer."),
            };
        }
        catch (MemoryFaultException e)
        {
            throw new GdbException($"Cannot access memory at address 0x{e.Address:x}");
        }
    }

    /// <summary>The pc of the selected frame (frame 0 of the current task when none was selected), or null.</summary>
    public static ulong? SelectedPc(KernelProgram kernel)
    {
        try
        {
            return GdbFrames.Selected(kernel)?.Registers.Pc;
        }
        catch (Exception e) when (e is CommandException or KernelObjectException or MemoryFaultException)
        {
            return null;
        }
    }
}
