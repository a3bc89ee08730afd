using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols.Dwarf.Frames;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// A task's frames as gdb inside crash 9 unwinds them: the first frame starts from the registers crash gives
/// gdb (all of them from the dump's note for a task on a CPU; for a sleeping task the pc and the registers its
/// switch frame saved, with the stack pointer above that frame), and each caller comes from the call frame
/// information (.debug_frame) of its callee: the CFA is the caller's stack pointer, the return address its pc,
/// registers the information saves are read from the stack, and every register it says nothing about keeps
/// the callee's value (known or not), as gdb's DWARF unwinder assumes. The walk stops where there is no call
/// frame information, the return address is not kernel text, or after <see cref="MaxFrames"/> frames.
/// </summary>
public static class GdbUnwinder
{
    /// <summary>Most frames unwound.</summary>
    public const int MaxFrames = 128;

    /// <summary>
    /// The physical frames of <paramref name="task"/>, innermost first (no inlined calls split out), and the
    /// note's <c>fs_base</c>/<c>gs_base</c> when the task's registers came from a note (null otherwise).
    /// </summary>
    public static (IReadOnlyList<FrameRegisters> Frames, ulong? FsBase, ulong? GsBase) Unwind(KernelProgram kernel, KObject task)
    {
        var frames = new List<FrameRegisters>();
        ulong? fsBase = null, gsBase = null;
        FrameRegisters? first;
        int cpu = Sched.Runqueues.ActiveCpu(kernel, task.Address);
        if (cpu >= 0)
        {
            IReadOnlyList<Dumps.Notes.CpuRegisters> notes = kernel.Dump.Notes.Prstatus;
            if (cpu >= notes.Count || notes[cpu].Get("rip") is not ulong rip || rip == 0)
                return (frames, null, null);
            first = FrameRegisters.FromPtRegs(PtRegs.FromNote(notes[cpu]));
            fsBase = notes[cpu].Get("fs_base");
            gsBase = notes[cpu].Get("gs_base");
        }
        else
            first = SwitchFrame(kernel, task);
        if (first == null)
            return (frames, null, null);
        frames.Add(first);
        var seen = new HashSet<(ulong, ulong)> { (first.Pc, first.Sp) };
        for (FrameRegisters callee = first; frames.Count < MaxFrames;)
        {
            FrameRegisters? caller = Caller(kernel, callee);
            if (caller == null || !StackUnwinder.IsKernelText(kernel, caller.Pc) || !seen.Add((caller.Pc, caller.Sp)))
                break;
            frames.Add(caller);
            callee = caller;
        }
        return (frames, fsBase, gsBase);
    }

    /// <summary>The registers of a sleeping task where it stopped: crash hands gdb the switch frame's registers, the pc it returns to and the stack pointer above it.</summary>
    private static FrameRegisters? SwitchFrame(KernelProgram kernel, KObject task)
    {
        try
        {
            ulong sp = task.Member("thread.sp").ToUInt64();
            KObject frame = KObject.Reference(kernel, kernel.Type("struct inactive_task_frame"), sp);
            KObject ret = frame.Member("ret_addr");
            var regs = new FrameRegisters(ret.ToUInt64(), ret.Address + 8, exactPc: true);
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

    /// <summary>The caller of <paramref name="callee"/> by gdb's rules; sets the callee's CFA. Null without call frame information.</summary>
    public static FrameRegisters? Caller(KernelProgram kernel, FrameRegisters callee)
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
        callee.Cfa = cfa;
        if (!TryRecover(kernel, row, row.ReturnAddressRegister, callee, cfa, out ulong ra) || ra == 0)
            return null;
        var caller = new FrameRegisters(ra, cfa, exactPc: false);
        for (int r = 0; r < 16; r++)
        {
            if (r == 7)
                continue; // the stack pointer is the CFA
            if (TryRecover(kernel, row, r, callee, cfa, out ulong v))
                caller.Set(r, v);
        }
        return caller;
    }

    /// <summary>
    /// Where the call frame information of <paramref name="frame"/> says its caller's registers were saved, as
    /// (DWARF register, address) in register order (rip, 16, last); empty without the information or a CFA.
    /// </summary>
    public static IReadOnlyList<(int Register, ulong Address)> SavedSlots(KernelProgram kernel, FrameRegisters frame)
    {
        var result = new List<(int, ulong)>();
        if (FrameCode.For(kernel, frame.Pc) is not FrameCode code)
            return result;
        CallFrameRow? row;
        try
        {
            row = code.File.FindCallFrameRow(code.Link(frame.LookupPc));
        }
        catch (Symbols.DebugInfoFormatException)
        {
            return result;
        }
        if (row == null || !row.CfaKnown || !frame.TryGet(row.CfaRegister, out ulong baseValue))
            return result;
        ulong cfa = unchecked(baseValue + (ulong)row.CfaOffset);
        for (int r = 0; r <= 16; r++)
        {
            int dwarf = r == 16 ? row.ReturnAddressRegister : r;
            RegisterRule rule = row.Rule(dwarf);
            if (rule.Kind == RegisterRuleKind.Offset && r != 7)
                result.Add((r, unchecked(cfa + (ulong)rule.Offset)));
        }
        return result;
    }

    private static bool TryRecover(KernelProgram kernel, CallFrameRow row, int register, FrameRegisters callee, ulong cfa, out ulong value)
    {
        value = 0;
        RegisterRule rule = row.Rule(register);
        switch (rule.Kind)
        {
            case RegisterRuleKind.Unspecified or RegisterRuleKind.SameValue:
                return callee.TryGet(register, out value);
            case RegisterRuleKind.Offset:
                return kernel.Memory.TryReadPointer(unchecked(cfa + (ulong)rule.Offset), out value);
            case RegisterRuleKind.ValOffset:
                value = unchecked(cfa + (ulong)rule.Offset);
                return true;
            case RegisterRuleKind.Register:
                return callee.TryGet(rule.Register, out value);
            default:
                return false;
        }
    }
}
