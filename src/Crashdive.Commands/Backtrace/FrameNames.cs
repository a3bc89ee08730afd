using Crashdive.Helpers.Stack;
using Crashdive.Kernel;
using Crashdive.Kernel.Expressions;

namespace Crashdive.Commands.Backtrace;

/// <summary>
/// The selected frame's arguments and locals as names for <c>p</c> and <c>whatis</c>: looked up before the
/// kernel's globals, innermost inlined scope first, as gdb resolves names in the selected frame.
/// </summary>
internal static class FrameNames
{
    /// <summary>The selected frame of the current task, or null.</summary>
    public static FrameSelection? Selected(KernelProgram kernel)
    {
        try
        {
            return FrameSelection.Current(kernel, Tasks.TaskDisplay.CurrentTask(kernel).Task);
        }
        catch (CommandException)
        {
            return null;
        }
    }

    /// <summary>
    /// The resolver for <see cref="ExpressionEvaluator.LocalScope"/>, or null without a selected frame. A
    /// variable without a value is gdb's "value has been optimized out" unless <paramref name="typesOnly"/>
    /// (whatis needs only the type: a zero of it stands in).
    /// </summary>
    public static Func<string, KObject?>? Resolver(KernelProgram kernel, bool typesOnly = false)
    {
        if (Selected(kernel) is not FrameSelection s)
            return null;
        return name =>
        {
            if (FrameVariables.Find(s.Scopes, name) is not FrameValue v)
                return null;
            if (v.HasValue)
                return v.Value;
            if (typesOnly)
                return KObject.Value(kernel, v.Type, new byte[Math.Min(v.Type.Size ?? 8, 1 << 16)]);
            throw new ExpressionException("value has been optimized out");
        };
    }

    /// <summary>True when the selected frame has a variable named <paramref name="name"/>.</summary>
    public static bool Holds(KernelProgram kernel, string name) =>
        Selected(kernel) is FrameSelection s && FrameVariables.Find(s.Scopes, name) != null;

    /// <summary>
    /// gdb's answer when <paramref name="expression"/> is just the name of a selected-frame variable
    /// without a value (<c>name = &lt;optimized out&gt;</c>, not recorded in the value history); null otherwise.
    /// </summary>
    public static string? OptimizedOut(KernelProgram kernel, string expression)
    {
        if (Selected(kernel) is not FrameSelection s || FrameVariables.Find(s.Scopes, expression) is not FrameValue v || v.HasValue)
            return null;
        return $"{v.Name} = {FramePrinter.Missing(v)}\n";
    }
}
