using System.Text;
using Crashdive.Commands.Backtrace;
using Crashdive.Helpers.Code;
using Crashdive.Helpers.Stack;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// gdb's frame selection (<c>frame N</c>, <c>f N</c>, <c>up [N]</c>, <c>down [N]</c>, <c>select-frame N</c>, as crash 9
/// hands them to gdb): frames numbered as gdb numbers them, inlined calls included, each shown as gdb's frame line
/// <c>#N  0xPC in FUNCTION (ARGS) at FILE:LINE</c>.
/// </summary>
public static class GdbFrameCommands
{
    /// <summary>Runs the frame command <paramref name="command"/> with its argument text.</summary>
    public static void Run(CommandContext context, string command, string text)
    {
        KernelProgram kernel = context.Kernel;
        IReadOnlyList<GdbFrame> frames = GdbFrames.All(kernel);
        if (frames.Count == 0)
            throw new GdbException("No stack.");
        int current = GdbFrames.Selected(kernel)?.Level ?? 0;
        int count = 1;
        if (text.Length > 0 && !int.TryParse(text, out count))
            throw new GdbException($"Invalid number \"{text}\".");
        int level = command switch
        {
            "up" => Math.Min(current + count, frames.Count - 1),
            "down" => current - count,
            _ => text.Length == 0 ? current : count,
        };
        if (command == "up" && current == frames.Count - 1)
            throw new GdbException("Initial frame selected; you cannot go up.");
        if (level < 0)
            throw new GdbException("Bottom (innermost) frame selected; you cannot go down.");
        if (!GdbFrames.Select(kernel, level))
            throw new GdbException("No frame at level " + text + ".");
        if (command == "select-frame")
            return;
        context.Out.Write(Line(kernel, frames[level]));
    }

    /// <summary>gdb's line for <paramref name="frame"/>, with the warning it gives when the source file is not there.</summary>
    public static string Line(KernelProgram kernel, GdbFrame frame)
    {
        var sb = new StringBuilder();
        sb.Append('#').Append(frame.Level.ToString().PadRight(2)).Append(' ');
        var location = frame.ScopeIndex > 0 && frame.ScopeIndex <= frame.Scopes.Count
            ? frame.Scopes[frame.ScopeIndex - 1].Scope.CallSite
            : KernelCode.SourceLine(kernel, frame.Registers.LookupPc);
        bool showAddress = frame.ScopeIndex == 0 && (frame.Level > 0 || !AtLineStart(kernel, frame.Registers.Pc));
        if (showAddress)
            sb.Append($"0x{frame.Registers.Pc:x} in ");
        sb.Append(frame.FunctionName(kernel) ?? "??");
        sb.Append(" (");
        if (frame.ScopeIndex < frame.Scopes.Count)
        {
            bool first = true;
            foreach (FrameValue v in frame.Scopes[frame.ScopeIndex].Variables)
            {
                if (!v.IsParameter)
                    continue;
                sb.Append(first ? "" : ", ").Append(v.Name).Append('=');
                sb.Append(v.HasValue && v.Type.Underlying() is StructType or ArrayType ? "..." : FramePrinter.Value(v));
                first = false;
            }
        }
        sb.Append(')');
        if (location != null)
        {
            string file = GdbSource.DisplayName(location.File);
            sb.Append($" at {file}:{location.Line}\n");
            // gdb lists the frame's line; without the source it warns once a file, then names the file
            sb.Append(GdbState.Of(kernel).MissingSource(file, location.Line));
        }
        else
            sb.Append('\n');
        return sb.ToString();
    }

    private static bool AtLineStart(KernelProgram kernel, ulong pc) =>
        KernelCode.SourceLineRange(kernel, pc) is var (_, start, _) && start == pc;
}
