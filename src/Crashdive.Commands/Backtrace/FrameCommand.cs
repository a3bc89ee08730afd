using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Stack;
using Crashdive.Kernel;

namespace Crashdive.Commands.Backtrace;

/// <summary>
/// <c>frame</c>: selects a frame of the current task's backtrace (numbered as <c>bt</c> numbers them) and
/// shows its arguments and locals from DWARF; <c>p</c> and <c>whatis</c> then resolve those names first.
/// </summary>
public sealed class FrameCommand : ICommand
{
    /// <summary>The synopsis.</summary>
    public const string Synopsis = "[-a] [frame-number]";

    /// <inheritdoc/>
    public string Name => "frame";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "frame",
        Summary = "select a stack frame and show its arguments and locals",
        Synopsis = Synopsis,
        Description = """
            Selects a frame of the current task's backtrace (numbered as bt numbers them; "set" picks the task)
            and shows it: the frame's bt line, its source file and line, then the function's arguments and
            local variables in the manner of gdb's "info args" and "info locals". Code inlined at the frame's
            address comes first, each inlined function with its own variables and marked [inlined]. After a
            frame is selected, "p" and "whatis" look names up in it before the kernel's globals; choosing
            another task with "set" drops the selection.

            Values come from each variable's DWARF location at that address, evaluated with the registers known
            in the frame: all of them where the dump or an exception frame saved them, the callee-saved ones
            (rbx, rbp, r12-r15) that call frame information restores in callers, and the stack pointer and CFA
            everywhere. A variable with no location there, or held in a register that is not known, prints
            <optimized out>; a location that cannot be evaluated prints <unavailable>. Nothing is guessed.
            Frames in modules need the module's debuginfo (mod -s).
            """,
        Options =
        [
            new("-a", null, "every frame of the backtrace with its variables; the selection stays as it was"),
        ],
        Arguments =
        [
            new("frame-number", "the frame to select; without it the selected frame (or frame 0) is shown again"),
        ],
        Examples =
        [
            new("frame 8", "select frame 8 of the current task and show its variables"),
            new("p *ppos", "then print a pointer argument of that frame"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nframe: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        bool all = parsed.Options.Any(o => o.Letter == 'a');
        KernelProgram kernel = context.Kernel;
        ulong taskAddress = Tasks.TaskDisplay.CurrentTask(kernel).Task;
        KObject task = global::Crashdive.Helpers.Tasks.Tasks.At(kernel, taskAddress);
        Helpers.Stack.Backtrace bt = TaskBacktrace.Of(kernel, task);
        if (bt.Frames.Count == 0)
            throw new CommandException(bt.StopReason ?? "no stack frames");
        IReadOnlyList<FrameRegisters> registers = BacktraceRegisters.Of(kernel, task, bt);
        if (all)
        {
            for (int i = 0; i < bt.Frames.Count; i++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                FramePrinter.Print(kernel, Select(kernel, taskAddress, i, bt, registers), context.Out);
            }
            return;
        }
        int level;
        if (parsed.Words.Count == 0)
            level = FrameSelection.Current(kernel, taskAddress)?.Level ?? 0;
        else if (parsed.Words.Count > 1 || !int.TryParse(parsed.Words[0], out level) || level < 0)
            throw new CommandException($"invalid frame number: {string.Join(' ', parsed.Words)}");
        if (level >= bt.Frames.Count)
            throw new CommandException($"frame {level} does not exist: the backtrace has {bt.Frames.Count} frames (#0-#{bt.Frames.Count - 1})");
        FrameSelection s = Select(kernel, taskAddress, level, bt, registers);
        FrameSelection.Select(kernel, s);
        FramePrinter.Print(kernel, s, context.Out);
    }

    private static FrameSelection Select(KernelProgram kernel, ulong task, int level, Helpers.Stack.Backtrace bt, IReadOnlyList<FrameRegisters> registers) =>
        new(task, level, bt.Frames[level], registers[level], FrameVariables.Of(kernel, registers[level]));
}
