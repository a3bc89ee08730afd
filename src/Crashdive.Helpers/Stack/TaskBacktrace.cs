using Crashdive.Dumps;
using Crashdive.Dumps.Notes;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// Backtraces of tasks. A sleeping task starts from its switch frame (<c>task-&gt;thread.sp</c> points at a
/// <c>struct inactive_task_frame</c> whose <c>ret_addr</c> returns into <c>__schedule</c>). A task running
/// on a CPU starts where crash starts it in a dump (a search of its stacks for the return address
/// into <c>machine_kexec</c>, <c>panic</c>, <c>crash_nmi_callback</c>... from the bottom up), and the frames
/// from there are unwound with ORC; where the dump saved the CPU's registers the walk is checked against,
/// and joined to, the one from those registers.
/// </summary>
public static class TaskBacktrace
{
    /// <summary>The backtrace of <paramref name="task"/> (a <c>struct task_struct</c>).</summary>
    public static Backtrace Of(KernelProgram kernel, KObject task)
    {
        int cpu = global::Crashdive.Helpers.Sched.Runqueues.ActiveCpu(kernel, task.Address);
        IReadOnlyList<StackRegion> stacks = KernelStacks.All(kernel, task, cpu);
        if (cpu < 0)
            return Sleeping(kernel, task, stacks);
        bool panicTask = global::Crashdive.Helpers.Sched.Runqueues.PanicTask(kernel) == task.Address;
        PtRegs? noted = NotedRegisters(kernel, cpu);
        Backtrace? real = null;
        if (noted != null && StackUnwinder.Find(stacks, noted.Sp) != null && StackUnwinder.IsKernelText(kernel, noted.Ip))
            real = StackUnwinder.Unwind(kernel, stacks, new StackUnwinder.Start(noted.Ip, noted.Sp, noted.Bp, noted.Sp, false, noted));
        if (CrashStart(kernel, stacks, panicTask, out _) is var (pc, slot))
        {
            if (real != null)
            {
                for (int i = 0; i < real.Frames.Count; i++)
                {
                    if (real.Frames[i].Slot == slot && real.Frames[i].Pc == pc)
                        return real with { Frames = real.Frames.Skip(i).ToList() };
                }
            }
            var start = new StackUnwinder.Start(pc, slot + 8, noted?.Bp ?? 0, slot, true, null);
            Backtrace fromScan = StackUnwinder.Unwind(kernel, stacks, start);
            if (fromScan.StopReason == null && fromScan.Frames.Count > 1)
                return fromScan; // the walk from the found frame reached the end of the stack or user mode
            if (real != null && real.Frames.Count > 1 && slot < real.Frames[0].Slot
                && ReferenceEquals(StackUnwinder.Find(stacks, slot), StackUnwinder.Find(stacks, real.Frames[0].Slot)))
            {
                // The search found a frame deeper than the saved registers (machine_kexec, called after
                // crash_setup_regs): its frames up to the registers' caller, then the walk from the registers.
                ulong join = real.Frames[1].Slot;
                var frames = fromScan.Frames.TakeWhile(f => f.Slot < join && f.Exception == null).ToList();
                frames.AddRange(real.Frames.Skip(1));
                return real with { Frames = frames };
            }
            if (fromScan.Frames.Count > 1 || real == null)
                return fromScan;
        }
        if (real != null)
            return real;
        return Sleeping(kernel, task, stacks);
    }

    /// <summary>The registers the dump saved for <paramref name="cpu"/> (PRSTATUS), or null.</summary>
    public static PtRegs? NotedRegisters(KernelProgram kernel, int cpu)
    {
        IReadOnlyList<CpuRegisters> notes = kernel.Dump.Notes.Prstatus;
        if (cpu < notes.Count && notes[cpu].Get("rip") is ulong rip && rip != 0)
            return PtRegs.FromNote(notes[cpu]);
        return null;
    }

    private static Backtrace Sleeping(KernelProgram kernel, KObject task, IReadOnlyList<StackRegion> stacks)
    {
        ulong sp = task.Member("thread.sp").ToUInt64();
        KObject frame = KObject.Reference(kernel, kernel.Type("struct inactive_task_frame"), sp);
        ulong retSlot = frame.Member("ret_addr").Address;
        ulong ra, bp;
        try
        {
            ra = frame.Member("ret_addr").ToUInt64();
            bp = frame.Member("bp").ToUInt64();
        }
        catch (MemoryFaultException e)
        {
            return new Backtrace([], null, $"cannot read the switch frame at {sp:x}: {e.Message}");
        }
        if (StackUnwinder.Find(stacks, sp) == null)
            return new Backtrace([], null, $"saved stack pointer {sp:x} is not on the task's stack");
        // The first frame is shown, like every other, at the slot that holds its return address: the switch
        // frame's ret_addr (crash 9.0.2 does the same; crash 8.0.2 showed it at thread.sp, the frame's base).
        return StackUnwinder.Unwind(kernel, stacks, new StackUnwinder.Start(ra, retSlot + 8, bp, retSlot, true, null));
    }

    /// <summary>
    /// Whether crash labels the panic task <c>(SYSRQ)</c> rather than <c>(PANIC)</c> (set, task, ps -a...):
    /// when its search of the panic task's stacks for where to start (see <c>CrashStart</c>) passes
    /// <c>sysrq_handle_crash</c> before it stops. That is a SysRq-c panic that did not go on into kexec, as in
    /// a dump QEMU took of the panicked guest; on a kdump the search stops at <c>machine_kexec</c> first.
    /// (crash also looks for "SysRq :" in the log, which kernels have printed as "sysrq: " since 5.5.)
    /// </summary>
    public static bool PanicTaskStoppedBySysrq(KernelProgram kernel) => kernel.Cached(static k => new SysrqLabel(ComputeSysrq(k))).Value;

    private sealed record SysrqLabel(bool Value);

    private static bool ComputeSysrq(KernelProgram kernel)
    {
        ulong panicTask = global::Crashdive.Helpers.Sched.Runqueues.PanicTask(kernel);
        if (panicTask == 0)
            return false;
        try
        {
            KObject task = global::Crashdive.Helpers.Tasks.Tasks.At(kernel, panicTask);
            int cpu = global::Crashdive.Helpers.Sched.Runqueues.ActiveCpu(kernel, panicTask);
            CrashStart(kernel, KernelStacks.All(kernel, task, cpu), true, out bool sysrq);
            return sysrq;
        }
        catch (Exception e) when (e is MemoryFaultException or KernelObjectException)
        {
            return false;
        }
    }

    // crash's x86_64_get_dumpfile_stack_frame: the first of its marker functions found going up the
    // process stack, then the IRQ stack, then the exception stacks. sysrqSeen: whether the search passed
    // sysrq_handle_crash (or finds it above die) before it stopped.
    private static (ulong Pc, ulong Slot)? CrashStart(KernelProgram kernel, IReadOnlyList<StackRegion> stacks, bool panicTask, out bool sysrqSeen)
    {
        sysrqSeen = false;
        (ulong, ulong)? panic = null, sysrq = null;
        var mem = kernel.Memory;
        foreach (StackRegion stack in stacks)
        {
            for (ulong a = stack.Start; a + 8 <= stack.End; a += 8)
            {
                if (!mem.TryReadPointer(a, out ulong v) || !StackUnwinder.IsKernelText(kernel, v))
                    continue;
                if (Code.KernelCode.Symbol(kernel, v) is not var (name, _))
                    continue;
                switch (name)
                {
                    case "machine_kexec" or "crash_kexec" or "try_crashdump":
                        return (v, a);
                    case "panic":
                        panic = (v, a);
                        break;
                    case "die":
                        sysrqSeen = sysrq != null || SysrqAbove(kernel, stack, a);
                        return (v, a);
                    case "sysrq_handle_crash":
                        sysrq = (v, a);
                        sysrqSeen = true;
                        break;
                    case "crash_nmi_callback" when !panicTask:
                        return (v, a);
                }
            }
            if (panic != null)
                return panic;
        }
        return sysrq;
    }

    private static bool SysrqAbove(KernelProgram kernel, StackRegion stack, ulong from)
    {
        for (ulong a = from + 8; a + 8 <= stack.End; a += 8)
        {
            if (kernel.Memory.TryReadPointer(a, out ulong v) && StackUnwinder.IsKernelText(kernel, v)
                && Code.KernelCode.Symbol(kernel, v) is ("sysrq_handle_crash", _))
                return true;
        }
        return false;
    }
}
