using Crashdive.Kernel;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// The frame the session selected with <c>frame N</c>: the task, the frame's number in its backtrace, the
/// frame, its registers and its variables. Kept on the kernel (one per session); it belongs to the task
/// that was current when it was chosen, so choosing another task (<c>set</c>) makes it void.
/// </summary>
/// <param name="Task">The task's <c>struct task_struct</c> address.</param>
/// <param name="Level">The frame's number in the backtrace (<c>#N</c>).</param>
/// <param name="Frame">The frame.</param>
/// <param name="Registers">Its registers.</param>
/// <param name="Scopes">Its scopes and variables.</param>
public sealed record FrameSelection(ulong Task, int Level, StackFrame Frame, FrameRegisters Registers, IReadOnlyList<FrameScopeValues> Scopes)
{
    private sealed class Holder
    {
        public FrameSelection? Selected;
    }

    /// <summary>The selected frame, or null when none is selected or it belongs to a task that is no longer current.</summary>
    public static FrameSelection? Current(KernelProgram kernel, ulong currentTask)
    {
        FrameSelection? s = kernel.Cached(static _ => new Holder()).Selected;
        return s != null && s.Task == currentTask ? s : null;
    }

    /// <summary>Makes <paramref name="selection"/> the selected frame.</summary>
    public static void Select(KernelProgram kernel, FrameSelection selection) => kernel.Cached(static _ => new Holder()).Selected = selection;

    /// <summary>Forgets the selected frame (a new task was chosen).</summary>
    public static void Clear(KernelProgram kernel) => kernel.Cached(static _ => new Holder()).Selected = null;
}
