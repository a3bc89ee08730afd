using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols.Dwarf.Frames;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// The registers of each frame of a task's backtrace. The first frame starts from what the dump or the
/// task saved: the CPU's registers in the dump's note when the trace starts there, or the callee-saved
/// registers in a sleeping task's switch frame (<c>struct inactive_task_frame</c>); a full exception frame
/// gives all registers to the frame after it. Each caller gets its callee-saved registers (rbx, rbp,
/// r12-r15) from the DWARF call frame information (.debug_frame) of its callee, and only when the CFA that
/// information computes is the stack pointer the ORC unwinder found for the caller; otherwise the caller
/// knows only its pc and stack pointer. When the trace does not start at the dump's registers (crash starts
/// an active task at a return address found on its stack), the registers are unwound from the dump's note
/// too, and joined to the frame with the same pc and stack pointer.
/// </summary>
public static class BacktraceRegisters
{
    /// <summary>Most frames the walk from the dump's registers follows to join the backtrace.</summary>
    public const int MaxJoinSteps = 16;

    /// <summary>The registers of each of <paramref name="bt"/>'s frames (same order), for <paramref name="task"/>.</summary>
    public static IReadOnlyList<FrameRegisters> Of(KernelProgram kernel, KObject task, Backtrace bt)
    {
        var frames = bt.Frames;
        var result = new FrameRegisters[frames.Count];
        if (frames.Count == 0)
            return result;
        int cpu = global::Crashdive.Helpers.Sched.Runqueues.ActiveCpu(kernel, task.Address);
        PtRegs? noted = cpu >= 0 ? TaskBacktrace.NotedRegisters(kernel, cpu) : null;
        var joins = new List<FrameRegisters>();
        StackFrame f0 = frames[0];
        if (noted != null && f0.Pc == noted.Ip && f0.Slot == noted.Sp)
            result[0] = FrameRegisters.FromPtRegs(noted);
        else
        {
            result[0] = cpu < 0 ? SwitchFrame(kernel, task, f0) ?? new FrameRegisters(f0.Pc, f0.Slot + 8, false) : new FrameRegisters(f0.Pc, f0.Slot + 8, false);
            if (noted != null)
            {
                FrameRegisters? walk = FrameRegisters.FromPtRegs(noted);
                for (int i = 0; i < MaxJoinSteps && walk != null; i++)
                {
                    walk = Caller(kernel, walk, null);
                    if (walk != null)
                        joins.Add(walk);
                }
            }
        }
        for (int i = 0; i + 1 < frames.Count; i++)
        {
            StackFrame f = frames[i], next = frames[i + 1];
            FrameRegisters? caller;
            if (f.Exception is PtRegs ex && !ex.IsUserMode)
            {
                caller = f.ExceptionPartial ? new FrameRegisters(ex.Ip, ex.Sp, true) : FrameRegisters.FromPtRegs(ex);
                Caller(kernel, result[i], null); // sets the CFA where the call frame information gives it
            }
            else
            {
                ulong sp = next.Slot + 8;
                caller = Caller(kernel, result[i], sp);
                if (caller == null || caller.Pc != next.Pc)
                    caller = new FrameRegisters(next.Pc, sp, false);
                result[i].Cfa ??= sp;
            }
            foreach (FrameRegisters j in joins)
            {
                if (j.Pc == caller.Pc && j.Sp == caller.Sp && j.KnownCount > caller.KnownCount)
                    caller = j;
            }
            result[i + 1] = caller;
        }
        Caller(kernel, result[^1], null);
        return result;
    }

    /// <summary>
    /// The caller of the frame <paramref name="callee"/> by its call frame information: its CFA (stored on
    /// <paramref name="callee"/>), return address and callee-saved registers. Null when there is no
    /// information, a register it needs is unknown, or the CFA differs from <paramref name="expectedSp"/>.
    /// </summary>
    public static FrameRegisters? Caller(KernelProgram kernel, FrameRegisters callee, ulong? expectedSp)
    {
        if (FrameCode.For(kernel, callee.Pc) is not FrameCode code)
            return null;
        CallFrameRow? row;
        try
        {
            row = code.File.FindCallFrameRow(code.Link(callee.LookupPc));
        }
        catch (Symbols.DebugInfoFormatException)
        {
            return null;
        }
        if (row == null || !row.CfaKnown || !callee.TryGet(row.CfaRegister, out ulong baseValue))
            return null;
        ulong cfa = unchecked(baseValue + (ulong)row.CfaOffset);
        if (expectedSp is ulong sp && sp != cfa)
            return null;
        callee.Cfa = cfa;
        var mem = kernel.Memory;
        if (!TryRecover(mem, row, row.ReturnAddressRegister, callee, cfa, out ulong ra) || ra == 0)
            return null;
        var caller = new FrameRegisters(ra, cfa, false);
        foreach (int r in FrameRegisters.CalleeSaved)
        {
            if (TryRecover(mem, row, r, callee, cfa, out ulong v))
                caller.Set(r, v);
        }
        return caller;
    }

    private static bool TryRecover(Memory.MemoryReader mem, CallFrameRow row, int register, FrameRegisters callee, ulong cfa, out ulong value)
    {
        value = 0;
        RegisterRule rule = row.Rule(register);
        switch (rule.Kind)
        {
            case RegisterRuleKind.Unspecified:
                // The x86-64 ABI: callee-saved registers the callee did not save are unchanged; the
                // others (and the return address, which is always described) are lost.
                return Array.IndexOf(FrameRegisters.CalleeSaved, register) >= 0 && callee.TryGet(register, out value);
            case RegisterRuleKind.SameValue:
                return callee.TryGet(register, out value);
            case RegisterRuleKind.Offset:
                return mem.TryReadPointer(unchecked(cfa + (ulong)rule.Offset), out value);
            case RegisterRuleKind.ValOffset:
                value = unchecked(cfa + (ulong)rule.Offset);
                return true;
            case RegisterRuleKind.Register:
                return callee.TryGet(rule.Register, out value);
            default:
                return false;
        }
    }

    // A sleeping task stopped in __switch_to_asm, which pushed rbp, rbx and r12-r15 (struct
    // inactive_task_frame) before saving its stack pointer in thread.sp: those are the values in the
    // frame that called it (__schedule), whose return address the frame also holds.
    private static FrameRegisters? SwitchFrame(KernelProgram kernel, KObject task, StackFrame f0)
    {
        try
        {
            ulong sp = task.Member("thread.sp").ToUInt64();
            KObject frame = KObject.Reference(kernel, kernel.Type("struct inactive_task_frame"), sp);
            // the backtrace shows the first frame at the switch frame's return address; its stack
            // pointer is the one after it
            ulong retSlot = frame.Member("ret_addr").Address;
            if (f0.Slot != retSlot)
                return null;
            var regs = new FrameRegisters(f0.Pc, retSlot + 8, false);
            regs.Set(6, frame.Member("bp").ToUInt64());
            regs.Set(3, frame.Member("bx").ToUInt64());
            regs.Set(12, frame.Member("r12").ToUInt64());
            regs.Set(13, frame.Member("r13").ToUInt64());
            regs.Set(14, frame.Member("r14").ToUInt64());
            regs.Set(15, frame.Member("r15").ToUInt64());
            return regs;
        }
        catch (Exception e) when (e is MemoryFaultException or KernelObjectException)
        {
            return null;
        }
    }
}
