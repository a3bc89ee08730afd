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
    public string Summary => "select a stack frame and show its arguments and locals";

    /// <inheritdoc/>
    public string Help => $"""
        NAME
          frame - select a stack frame and show its arguments and locals

        SYNOPSIS
          frame {Synopsis}

        DESCRIPTION
          This command selects a frame of the current context's backtrace (see "set"),
          numbered as "bt" numbers them, and displays it: the frame's line as bt shows
          it, the source file and line, then the arguments and local variables of the
          function, as gdb's "info args" and "info locals" show them.  Where code was
          inlined at the frame's address, each inlined function is shown first with
          its own variables, marked [inlined].  Afterwards "p" and "whatis" look the
          names up in the selected frame before the kernel's global symbols.

          A variable's value comes from its DWARF location at that address, evaluated
          with the registers the unwinder knows in the frame: all of them where the
          dump saved the CPU's registers or an exception frame holds them, the
          callee-saved ones (rbx, rbp, r12-r15) that the call frame information
          restores in callers, and the stack pointer and CFA everywhere.  A variable
          without a location there, or in a register not known in the frame, shows
          as <optimized out>; one whose location cannot be evaluated as <unavailable>.
          A value is never guessed.  Module frames need the module's debuginfo
          (mod -s).  Selecting another task with "set" forgets the selected frame.

                -a  display every frame of the backtrace with its arguments and
                    locals; the selected frame does not change.
          frame-number  the frame to select; without it, the selected frame is
                    shown again (frame 0 when none is selected).

        EXAMPLES
          Select frame 8 of the panic task and look at its variables:

            crash> frame 8
             #8 [ffffd13400013b68] ksys_write at ffffffffa6f4d95b
                fs/read_write.c: 637
                fd = <optimized out>
                buf = 0x3c9ec940 <error: Cannot access memory at address 0x3c9ec940>
                count = 2
                ...
            crash> p ppos
            $1 = (loff_t *) 0xffffd13400013b70
            crash> p *ppos
            $2 = 0
        """;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt("a").Parse(args);
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
