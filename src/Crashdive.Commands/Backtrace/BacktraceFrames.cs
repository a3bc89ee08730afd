using Crashdive.Helpers.Code;
using Crashdive.Helpers.Stack;
using Crashdive.Kernel;

namespace Crashdive.Commands.Backtrace;

/// <summary>One frame of a task's backtrace as data, for <c>bt --json</c> and the Lua <c>kernel.backtrace</c>.</summary>
/// <param name="Level">The frame number bt prints (<c>#N</c>).</param>
/// <param name="Sp">The stack slot bt prints in brackets.</param>
/// <param name="Pc">The return (or exception) address.</param>
/// <param name="Function">The symbol holding <paramref name="Pc"/>, or null.</param>
/// <param name="Offset">The offset of <paramref name="Pc"/> into <paramref name="Function"/>.</param>
/// <param name="Module">The module whose text holds <paramref name="Pc"/>, or null for the kernel.</param>
/// <param name="File">The source file from the line table, or null.</param>
/// <param name="Line">The source line, or 0.</param>
/// <param name="Exception">The exception frame's registers (pt_regs names) when the frame has one.</param>
public sealed record BacktraceFrame(int Level, ulong Sp, ulong Pc, string? Function, ulong Offset, string? Module, string? File, int Line,
    IReadOnlyList<KeyValuePair<string, ulong>>? Exception);

/// <summary>The frames <c>bt</c> shows for a task, as <see cref="BacktraceFrame"/>s.</summary>
public static class BacktraceFrames
{
    /// <summary>The frames of <paramref name="task"/> (bt's default unwind), and why the unwind stopped early (or null).</summary>
    public static (IReadOnlyList<BacktraceFrame> Frames, string? StopReason) Of(KernelProgram kernel, KObject task)
    {
        int cpu = Helpers.Sched.Runqueues.ActiveCpu(kernel, task.Address);
        Helpers.Stack.Backtrace bt = BacktracePrinter.Trace(kernel, task, cpu, new BtOptions());
        ModuleText modules = ModuleText.Of(kernel);
        var frames = new List<BacktraceFrame>(bt.Frames.Count);
        for (int level = 0; level < bt.Frames.Count; level++)
        {
            StackFrame f = bt.Frames[level];
            var (name, offset) = KernelCode.Symbol(kernel, f.Pc) is var (n, o) ? (n, o) : ((string?)null, 0UL);
            var loc = KernelCode.SourceLine(kernel, f.Pc);
            List<KeyValuePair<string, ulong>>? regs = null;
            if (f.Exception is PtRegs r)
            {
                ulong[] values = [r.R15, r.R14, r.R13, r.R12, r.Bp, r.Bx, r.R11, r.R10, r.R9, r.R8, r.Ax, r.Cx, r.Dx, r.Si, r.Di,
                    r.OrigAx, r.Ip, r.Cs, r.Flags, r.Sp, r.Ss];
                regs = new List<KeyValuePair<string, ulong>>(values.Length);
                for (int i = 0; i < values.Length; i++)
                    regs.Add(new(PtRegs.Names[i], values[i]));
            }
            frames.Add(new BacktraceFrame(level, f.Slot, f.Pc, name, offset, modules.ModuleOf(f.Pc), loc?.File, loc?.Line ?? 0, regs));
        }
        return (frames, bt.StopReason);
    }
}
