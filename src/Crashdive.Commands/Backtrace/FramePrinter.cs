using Crashdive.Commands.Printing;
using Crashdive.Dumps;
using Crashdive.Helpers.Code;
using Crashdive.Helpers.Stack;
using Crashdive.Kernel;
using Crashdive.Symbols.Dwarf.Lines;
using Crashdive.Symbols.Dwarf.Locations;

namespace Crashdive.Commands.Backtrace;

/// <summary>Prints a frame as <c>frame</c> shows it: bt's line, the source line, then each scope's arguments and locals.</summary>
internal static class FramePrinter
{
    /// <summary>Writes <paramref name="s"/>.</summary>
    public static void Print(KernelProgram kernel, FrameSelection s, TextWriter output)
    {
        output.Write(BacktracePrinter.Header(kernel, s.Level, s.Frame, new BtOptions(), ModuleText.Of(kernel)));
        output.Write('\n');
        SourceLocation? line = KernelCode.SourceLine(kernel, s.Registers.LookupPc);
        if (line != null)
            output.Write($"    {line.File}: {line.Line}\n");
        PrintVariables(s.Scopes, line, output, "    ");
    }

    /// <summary>Writes the scopes' variables, one <c>name = value</c> a line; with inlined calls, a line naming each scope first.</summary>
    public static void PrintVariables(IReadOnlyList<FrameScopeValues> scopes, SourceLocation? line, TextWriter output, string indent)
    {
        if (scopes.Count == 0)
        {
            output.Write($"{indent}No symbol table info available.\n");
            return;
        }
        SourceLocation? at = line;
        foreach (FrameScopeValues scope in scopes)
        {
            string inner = indent;
            if (scopes.Count > 1)
            {
                string where = at != null ? $" at {at.File}: {at.Line}" : "";
                output.Write($"{indent}{(scope.Scope.IsInlined ? "[inlined] " : "")}{scope.Scope.Name ?? "??"}{where}\n");
                inner = indent + "  ";
            }
            foreach (FrameValue v in scope.Variables)
                output.Write($"{inner}{v.Name} = {Value(v, inner.Length)}\n");
            at = scope.Scope.CallSite;
        }
    }

    // crash's element limit, with gdb's folding of repeated elements (a 1 KiB buffer holding a short string).
    private static readonly FormatOptions Options = new(10, 256, 10);

    /// <summary>The value as gdb's <c>info locals</c> prints it, or why there is none.</summary>
    public static string Value(FrameValue v, int indent = 0) => Value(v, indent, Options);

    /// <summary>As <see cref="Value(FrameValue, int)"/> with the print settings <paramref name="options"/>.</summary>
    public static string Value(FrameValue v, int indent, FormatOptions options)
    {
        if (!v.HasValue)
            return Missing(v);
        try
        {
            return ValueFormatter.Format(v.Value, options, indent / 2);
        }
        catch (MemoryFaultException e)
        {
            return $"<error: Cannot access memory at address 0x{e.Address:x}>";
        }
        catch (KernelObjectException e)
        {
            return $"<error: {e.Message}>";
        }
    }

    /// <summary>gdb's word for a variable without a value.</summary>
    public static string Missing(FrameValue v) => v.Location.Kind == LocationKind.OptimizedOut ? "<optimized out>" : "<unavailable>";
}
