using Crashdive.Kernel;
using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf.Locations;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// The arguments and locals of a backtrace frame, as gdb shows them with <c>info args</c> and <c>info
/// locals</c>: the scopes at the frame's pc (inlined calls innermost first, then the function), and for
/// each variable the value its DWARF location gives with the frame's known registers and CFA, or none.
/// </summary>
public static class FrameVariables
{
    /// <summary>The scopes and values of the frame with registers <paramref name="registers"/>; empty without debuginfo.</summary>
    public static IReadOnlyList<FrameScopeValues> Of(KernelProgram kernel, FrameRegisters registers)
    {
        if (FrameCode.For(kernel, registers.Pc) is not FrameCode code)
            return [];
        ulong pc = code.Link(registers.LookupPc);
        IReadOnlyList<FrameScope> scopes;
        try
        {
            scopes = code.File.FindFrameScopes(pc);
        }
        catch (DebugInfoFormatException)
        {
            return [];
        }
        var context = new FrameLocationContext(kernel, registers, code.Bias);
        var result = new List<FrameScopeValues>(scopes.Count);
        foreach (FrameScope scope in scopes)
        {
            var values = new List<FrameValue>(scope.Variables.Count);
            foreach (FrameScopeVariable v in scope.Variables)
            {
                VariableLocation location = code.File.LocateVariable(v, pc, context);
                KObject value = location.Kind switch
                {
                    LocationKind.Memory => KObject.Reference(kernel, v.Type, location.Address),
                    LocationKind.Value => KObject.Value(kernel, v.Type, location.Bytes!),
                    _ => default,
                };
                values.Add(new FrameValue(v.Name, v.Type, v.IsParameter, value, location));
            }
            result.Add(new FrameScopeValues(scope, values));
        }
        return result;
    }

    /// <summary>The variable named <paramref name="name"/> in <paramref name="scopes"/>, innermost scope first; null when none has it.</summary>
    public static FrameValue? Find(IReadOnlyList<FrameScopeValues> scopes, string name)
    {
        foreach (FrameScopeValues s in scopes)
        {
            foreach (FrameValue v in s.Variables)
            {
                if (v.Name == name)
                    return v;
            }
        }
        return null;
    }
}
