namespace Crashdive.Helpers.Stack;

/// <summary>
/// crash's "old" x86-64 backtrace (<c>bt -o</c>): from the first frame up, every kernel text address
/// found on the stack is shown as a frame, stale return addresses included. Built on an unwound
/// <see cref="Backtrace"/>: its first frame and its exception frames (with the stack switches they
/// cause) are kept, and between them every text word of the stack is added. Each stack segment is
/// scanned from just above its first frame (from the exception's stack pointer itself after an
/// exception) up to the next exception frame, or to the user registers or the stack's top.
/// </summary>
public static class StackTextTrace
{
    /// <summary>The old-method frames for <paramref name="unwound"/>.</summary>
    public static Backtrace Of(Crashdive.Kernel.KernelProgram kernel, Backtrace unwound)
    {
        var frames = new List<StackFrame>();
        IReadOnlyList<StackFrame> f = unwound.Frames;
        var mem = kernel.Memory;
        int i = 0;
        while (i < f.Count)
        {
            // A segment: frames i..j on one stack, ending at an exception frame or a stack switch.
            int j = i;
            while (j < f.Count - 1 && f[j].Exception == null && f[j].LeavingStack == null)
                j++;
            StackFrame first = f[i];
            StackFrame last = f[j];
            frames.Add(first with { Exception = null, LeavingStack = null });
            StackRegion? stack = first.Stack;
            if (stack != null)
            {
                ulong from = i == 0 ? first.Slot + 8 : first.Slot;
                ulong end = stack.End;
                if (last.Exception is PtRegs regs && stack.Contains(regs.Address))
                    end = regs.Address;
                else if (j == f.Count - 1 && unwound.UserRegs is PtRegs user && stack.Contains(user.Address))
                    end = user.Address;
                int count = 0;
                // A sleeping task's first frame sits at its switch frame, below the slot of its return
                // address: that slot, the first text word found, is the same frame.
                bool skipFirstPc = i == 0;
                for (ulong a = from; a + 8 <= end && stack.Contains(a) && count < StackUnwinder.MaxFrames * 16; a += 8, count++)
                {
                    if (!mem.TryReadPointer(a, out ulong v) || !StackUnwinder.IsKernelText(kernel, v) || (a == first.Slot && v == first.Pc))
                        continue;
                    if (skipFirstPc && v == first.Pc)
                    {
                        skipFirstPc = false;
                        continue;
                    }
                    skipFirstPc = false;
                    frames.Add(new StackFrame(a, v, stack));
                }
            }
            frames[^1] = frames[^1] with { Exception = last.Exception, LeavingStack = last.LeavingStack };
            i = j + 1;
        }
        return unwound with { Frames = frames };
    }
}
