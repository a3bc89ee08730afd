namespace Crashdive.Helpers.Stack;

/// <summary>
/// One frame of a backtrace as crash shows it: <c>#N [Slot] function at Pc</c>. <see cref="Slot"/> is
/// the stack address the return address was read from (for a frame that starts from registers, the
/// stack pointer). <see cref="Exception"/> holds the <c>pt_regs</c> found at the top of this frame
/// (the registers the next frame continues from), and <see cref="LeavingStack"/> names the stack that
/// ends after this frame when the unwind moves to another one.
/// </summary>
public sealed record StackFrame(ulong Slot, ulong Pc, StackRegion? Stack)
{
    /// <summary>The exception or system-call registers that follow this frame, if any.</summary>
    public PtRegs? Exception { get; init; }

    /// <summary>True when <see cref="Exception"/> holds only the hardware IRET frame (ORC's REGS_PARTIAL): only ip, cs, flags, sp and ss are real.</summary>
    public bool ExceptionPartial { get; init; }

    /// <summary>The stack that ends after this frame (printed as crash's <c>--- &lt;IRQ stack&gt; ---</c>), if any.</summary>
    public StackRegion? LeavingStack { get; init; }
}
