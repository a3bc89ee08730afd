using System.Text;
using Crashdive.Commands.Backtrace;
using Crashdive.Commands.Printing;
using Crashdive.Helpers.Code;
using Crashdive.Helpers.Stack;
using Crashdive.Kernel;

namespace Crashdive.Commands.Gdb;

// info registers, info frame, info locals, info args: the selected frame of the current task.
public sealed partial class InfoCommand
{
    private static GdbFrame SelectedFrame(KernelProgram kernel) =>
        GdbFrames.Selected(kernel) ?? throw new GdbException("No stack.");

    private static void Registers(CommandContext context, string text)
    {
        KernelProgram kernel = context.Kernel;
        GdbFrame frame = SelectedFrame(kernel);
        GdbRegisterSet registers = GdbRegisterSet.Of(kernel, frame);
        var sb = new StringBuilder();
        if (text.Length == 0)
        {
            foreach (string name in GdbRegisterSet.General)
                registers.AppendLine(sb, name);
        }
        else
        {
            foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                string name = word.TrimStart('$');
                if (!registers.AppendLine(sb, name))
                {
                    context.Out.Write(sb.ToString());
                    throw new GdbException($"Invalid register `{name}'");
                }
            }
        }
        context.Out.Write(sb.ToString());
    }

    private static void Frame(CommandContext context)
    {
        KernelProgram kernel = context.Kernel;
        GdbFrame frame = SelectedFrame(kernel);
        IReadOnlyList<GdbFrame> all = GdbFrames.All(kernel);
        FrameRegisters r = frame.Registers;
        GdbFrame? caller = frame.Level + 1 < all.Count ? all[frame.Level + 1] : null;
        GdbFrame? callee = frame.Level > 0 ? all[frame.Level - 1] : null;
        GdbFrame? physicalCaller = null;
        for (int i = frame.Level + 1; i < all.Count && physicalCaller == null; i++)
        {
            if (all[i].Physical != frame.Physical)
                physicalCaller = all[i];
        }
        var sb = new StringBuilder();
        sb.Append($"Stack level {frame.Level}, frame at 0x{Cfa(frame):x}:\n");
        sb.Append($" rip = 0x{r.Pc:x}");
        string? function = frame.FunctionName(kernel);
        if (function != null)
            sb.Append(" in ").Append(function);
        if (FrameLine(kernel, frame) is { } line)
            sb.Append($" ({GdbSource.DisplayName(line.File)}:{line.Line})");
        sb.Append("; saved rip = ");
        sb.Append(physicalCaller != null ? $"0x{physicalCaller.Registers.Pc:x}" : "<not saved>");
        sb.Append('\n');
        if (caller != null)
            sb.Append(frame.IsInlined ? $" inlined into frame {caller.Level}" : $" called by frame at 0x{Cfa(caller):x}");
        if (caller != null && callee != null)
            sb.Append(',');
        if (callee != null)
            sb.Append($" caller of frame at 0x{Cfa(callee):x}");
        if (caller != null || callee != null)
            sb.Append('\n');
        if (frame.Scopes.Count > 0)
            sb.Append(" source language c.\n");
        if (frame.IsInlined)
        {
            sb.Append(" Arglist at unknown address.\n");
            // the registers of an inlined call are its physical frame's: live in frame 0, unwound from the inner frame above it
            GdbFrame? inner = null;
            for (int i = frame.Level - 1; i >= 0 && inner == null; i--)
            {
                if (all[i].Physical != frame.Physical)
                    inner = all[i];
            }
            if (inner == null)
                sb.Append(" Locals at unknown address, Previous frame's sp in rsp\n");
            else
            {
                sb.Append($" Locals at unknown address, Previous frame's sp is 0x{r.Sp:x}\n");
                AppendSaved(sb, GdbUnwinder.SavedSlots(kernel, inner.Registers));
            }
        }
        else
        {
            ulong @base = FrameBase(kernel, r);
            sb.Append($" Arglist at 0x{@base:x}, args: ");
            if (frame.ScopeIndex < frame.Scopes.Count)
            {
                bool first = true;
                foreach (FrameValue v in frame.Scopes[frame.ScopeIndex].Variables)
                {
                    if (!v.IsParameter)
                        continue;
                    sb.Append(first ? "" : ", ").Append(v.Name).Append('=').Append(ArgumentText(v));
                    first = false;
                }
            }
            sb.Append('\n');
            sb.Append($" Locals at 0x{@base:x}, Previous frame's sp is 0x{Cfa(frame):x}\n");
            AppendSaved(sb, GdbUnwinder.SavedSlots(kernel, r));
        }
        context.Out.Write(sb.ToString());
    }

    /// <summary>gdb's "Saved registers:" list: each register the frame's caller gets from the stack, and where.</summary>
    private static void AppendSaved(StringBuilder sb, IReadOnlyList<(int Register, ulong Address)> saved)
    {
        for (int i = 0; i < saved.Count; i++)
        {
            sb.Append(i == 0 ? " Saved registers:\n " : ",");
            sb.Append(' ').Append(GdbRegisterSet.GdbName(saved[i].Register)).Append($" at 0x{saved[i].Address:x}");
        }
        if (saved.Count > 0)
            sb.Append('\n');
    }

    /// <summary>gdb's frame address: the CFA of the frame's physical frame (its stack pointer when there is no call frame information).</summary>
    private static ulong Cfa(GdbFrame frame) => frame.Registers.Cfa ?? frame.Registers.Sp;

    /// <summary>The line gdb shows for a frame: where its pc is for the innermost, where the next inner inlined call was made for the others.</summary>
    private static Crashdive.Symbols.Dwarf.Lines.SourceLocation? FrameLine(KernelProgram kernel, GdbFrame frame) =>
        frame.ScopeIndex > 0 && frame.ScopeIndex <= frame.Scopes.Count
            ? frame.Scopes[frame.ScopeIndex - 1].Scope.CallSite
            : KernelCode.SourceLine(kernel, frame.Registers.LookupPc);

    /// <summary>
    /// gdb's x86-64 frame base (its prologue analyzer, used for "Arglist at"): rbp when the function set it up as a
    /// frame pointer before the pc, else the stack pointer less 8, or plus 0 once the function pushed rbp.
    /// </summary>
    private static ulong FrameBase(KernelProgram kernel, FrameRegisters r)
    {
        ulong sp = r.Sp;
        long offset = -8;
        if (KernelCode.FunctionRange(kernel, r.LookupPc) is var (start, _))
        {
            Span<byte> code = stackalloc byte[16];
            int got = KernelCode.ReadText(kernel, start, code);
            int at = 0;
            if (got >= 4 && code[0] == 0xf3 && code[1] == 0x0f && code[2] == 0x1e && code[3] == 0xfa)
                at = 4; // endbr64
            if (at < got && code[at] == 0x55 && r.Pc > start + (ulong)at)
            {
                offset = 0;
                int mov = at + 1;
                bool movRspRbp = mov + 3 <= got && code[mov] is 0x48 && ((code[mov + 1] == 0x89 && code[mov + 2] == 0xe5) || (code[mov + 1] == 0x8b && code[mov + 2] == 0xec));
                if (movRspRbp && r.Pc > start + (ulong)mov && r.TryGet(6, out ulong rbp))
                    return rbp;
            }
        }
        return unchecked(sp + (ulong)offset);
    }

    /// <summary>An argument as gdb's frame line prints it: scalars by value, anything bigger as "...".</summary>
    private static string ArgumentText(FrameValue v)
    {
        if (v.HasValue && v.Type.Underlying() is Crashdive.Symbols.Types.StructType or Crashdive.Symbols.Types.ArrayType)
            return "...";
        return FramePrinter.Value(v);
    }

    private static void Locals(CommandContext context) => Variables(context, arguments: false);

    private static void Arguments(CommandContext context) => Variables(context, arguments: true);

    private static void Variables(CommandContext context, bool arguments)
    {
        GdbFrame frame = SelectedFrame(context.Kernel);
        if (frame.Scopes.Count == 0)
        {
            context.Out.Write("No symbol table info available.\n");
            return;
        }
        var sb = new StringBuilder();
        FrameScopeValues scope = frame.Scopes[frame.ScopeIndex];
        // crash's gdb: print elements from the session, repeats never folded
        FormatOptions options = SessionSettings.Of(context.Kernel).Format();
        foreach (FrameValue v in scope.Variables)
        {
            if (v.IsParameter != arguments)
                continue;
            sb.Append(v.Name).Append(" = ").Append(FramePrinter.Value(v, 0, options)).Append('\n');
        }
        if (sb.Length == 0)
            sb.Append(arguments ? "No arguments.\n" : "No locals.\n");
        context.Out.Write(sb.ToString());
    }
}
