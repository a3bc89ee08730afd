namespace Crashdive.Helpers.Stack;

/// <summary>
/// The result of an unwind: the frames, the user-mode registers found at the bottom of the kernel stack
/// (a system call or an exception from user space), and why the walk stopped early (null when it reached
/// the end of the stack or user mode).
/// </summary>
public sealed record Backtrace(IReadOnlyList<StackFrame> Frames, PtRegs? UserRegs, string? StopReason);
