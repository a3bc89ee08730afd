using Crashdive.Dumps;
using Crashdive.Dumps.Notes;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// Backtraces of tasks. A sleeping task starts from its switch frame (<c>task-&gt;thread.sp</c> points at a
/// <c>struct inactive_task_frame</c> whose <c>ret_addr</c> returns into <c>__schedule</c>). A task running
/// on a CPU starts where crash 8.0.2 starts it in a dump (a search of its stacks for the return address
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
        if (CrashStart(kernel, stacks, panicTask) is var (pc, slot))
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
        // crash shows the first frame of a sleeping task at the saved stack pointer (the switch frame's
        // base), so that bt -f lists the switch frame's words under it.
        return StackUnwinder.Unwind(kernel, stacks, new StackUnwinder.Start(ra, retSlot + 8, bp, sp, true, null));
    }

    // crash's x86_64_get_dumpfile_stack_frame: the first of its marker functions found going up the
    // process stack, then the IRQ stack, then the exception stacks.
    private static (ulong Pc, ulong Slot)? CrashStart(KernelProgram kernel, IReadOnlyList<StackRegion> stacks, bool panicTask)
    {
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
                        return (v, a);
                    case "sysrq_handle_crash":
                        sysrq = (v, a);
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
}
