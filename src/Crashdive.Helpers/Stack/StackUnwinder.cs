using Crashdive.Kernel;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// x86-64 kernel stack unwinding with the ORC tables, as the kernel's own <c>unwind_next_frame</c> does
/// it: the CFA from SP, BP or an indirect slot, the return address below it, the caller's BP where ORC
/// says it was saved; <c>pt_regs</c> frames (exceptions, interrupts, system calls) continue from the saved
/// registers, possibly on another stack. Where ORC has no entry, a frame-pointer step is tried.
/// Bounded: every step must move up its stack, stack switches are counted, and every read is checked
/// to lie on one of the task's stacks; the reason the walk stopped is reported.
/// </summary>
public static class StackUnwinder
{
    /// <summary>Most frames one backtrace gives.</summary>
    public const int MaxFrames = 256;

    /// <summary>Most changes of stack (IRQ, exception stacks) one backtrace follows.</summary>
    public const int MaxStackSwitches = 8;

    /// <summary>Where to start: an address in a function, the stack pointer there, and known register values.</summary>
    /// <param name="Pc">The instruction address of the first frame.</param>
    /// <param name="Sp">The stack pointer in that frame.</param>
    /// <param name="Bp">The frame register's value, as far as known.</param>
    /// <param name="Slot">The address shown for the first frame (crash shows where a found return address lies).</param>
    /// <param name="IsReturnAddress">True when <paramref name="Pc"/> is a return address (looked up at Pc-1).</param>
    /// <param name="Regs">Full registers when the start came from a register set.</param>
    public readonly record struct Start(ulong Pc, ulong Sp, ulong Bp, ulong Slot, bool IsReturnAddress, PtRegs? Regs);

    /// <summary>Unwinds from <paramref name="start"/> over <paramref name="stacks"/>.</summary>
    public static Backtrace Unwind(KernelProgram kernel, IReadOnlyList<StackRegion> stacks, Start start)
    {
        var frames = new List<StackFrame>();
        ulong ip = start.Pc, sp = start.Sp, bp = start.Bp;
        bool signal = !start.IsReturnAddress;
        PtRegs? regs = start.Regs;
        StackRegion? current = Find(stacks, sp);
        frames.Add(new StackFrame(start.Slot, ip, current));
        if (current == null)
            return new Backtrace(frames, null, $"stack pointer {sp:x} is not on any of the task's stacks");
        int switches = 0;
        OrcTable? vmlinux = OrcTable.ForVmlinux(kernel);
        ModuleText modules = ModuleText.Of(kernel);
        var mem = kernel.Memory;
        Span<byte> buffer = stackalloc byte[PtRegs.Size];
        while (frames.Count < MaxFrames)
        {
            ulong lookup = signal ? ip : ip - 1;
            OrcTable? table = vmlinux != null && lookup >= vmlinux.Range.Low && lookup <= vmlinux.Range.High ? vmlinux : modules.OrcFor(kernel, lookup) ?? vmlinux;
            OrcEntry? found = table?.Find(lookup);
            ulong cfa;
            if (found is not OrcEntry orc || orc.Type == OrcFrameType.Undefined)
            {
                // No ORC: on a kernel built without ORC, try a frame-pointer step (bp -> saved bp, return
                // address above it); a kernel with ORC has no frame pointers, and rbp is just a register.
                if (vmlinux == null && bp > sp && current.Contains(bp, 16) && mem.TryReadPointer(bp + 8, out ulong fpRa) && IsKernelText(kernel, fpRa)
                    && mem.TryReadPointer(bp, out ulong fpBp))
                {
                    frames.Add(new StackFrame(bp + 8, fpRa, current));
                    sp = bp + 16;
                    bp = fpBp;
                    ip = fpRa;
                    signal = false;
                    regs = null;
                    continue;
                }
                // Neither: scan up the stack for the next return address, as crash does where the
                // kernel left no unwind data (objtool gives none after a call of a noreturn function,
                // such as __crash_kexec's call of machine_kexec).
                if (!signal && ScanForReturnAddress(kernel, current, sp, out ulong scanSlot, out ulong scanRa))
                {
                    frames.Add(new StackFrame(scanSlot, scanRa, current));
                    sp = scanSlot + 8;
                    ip = scanRa;
                    regs = null;
                    continue;
                }
                return new Backtrace(frames, null, found == null ? $"no ORC entry for {ip:x}" : $"no unwind information for {ip:x}");
            }
            if (orc.Type == OrcFrameType.EndOfStack)
                return new Backtrace(frames, null, null);
            switch (orc.SpReg)
            {
                case OrcRegister.Sp: cfa = sp + (ulong)(long)orc.SpOffset; break;
                case OrcRegister.Bp: cfa = bp + (ulong)(long)orc.SpOffset; break;
                case OrcRegister.SpIndirect:
                    if (!TryRead(stacks, mem, sp, out cfa))
                        return new Backtrace(frames, null, $"cannot read the saved stack pointer at {sp:x}");
                    cfa += (ulong)(long)orc.SpOffset;
                    break;
                case OrcRegister.BpIndirect:
                    if (!TryRead(stacks, mem, bp + (ulong)(long)orc.SpOffset, out cfa))
                        return new Backtrace(frames, null, $"cannot read the saved stack pointer at {bp + (ulong)(long)orc.SpOffset:x}");
                    break;
                case OrcRegister.R10 when regs != null: cfa = regs.R10; break;
                case OrcRegister.R13 when regs != null: cfa = regs.R13; break;
                case OrcRegister.Di when regs != null: cfa = regs.Di; break;
                case OrcRegister.Dx when regs != null: cfa = regs.Dx; break;
                default:
                    return new Backtrace(frames, null, $"unknown ORC stack register {orc.SpReg} at {ip:x}");
            }

            StackFrame last = frames[^1];
            if (orc.Type == OrcFrameType.Call)
            {
                ulong slot = cfa - 8;
                if (!TryRead(stacks, mem, slot, out ulong ra))
                    return new Backtrace(frames, null, $"return address slot {slot:x} is not on the task's stacks");
                ulong newBp = bp;
                if (!UpdateBp(stacks, mem, orc, cfa, ref newBp))
                    return new Backtrace(frames, null, $"cannot read the saved frame pointer of {ip:x}");
                if (ra == 0)
                    return new Backtrace(frames, null, null);
                if (!Advance(stacks, ref current, slot, sp, ref switches, frames, out string? why))
                    return new Backtrace(frames, null, why);
                frames.Add(new StackFrame(slot, ra, current));
                ip = ra;
                sp = cfa;
                bp = newBp;
                signal = false;
                regs = null;
                continue;
            }

            // pt_regs (full, or only the hardware IRET frame) at the CFA.
            ulong regsAddress = orc.Type == OrcFrameType.Regs ? cfa : cfa - 0x80;
            if (!kernel.Memory.TryRead(regsAddress, buffer))
                return new Backtrace(frames, null, $"cannot read the exception frame at {regsAddress:x}");
            PtRegs saved = PtRegs.Parse(buffer, regsAddress);
            bool topOfTask = current.IsProcess && regsAddress == current.End - PtRegs.Size;
            if (saved.IsUserMode)
            {
                frames[^1] = last with { Exception = saved };
                return new Backtrace(frames, saved, null);
            }
            if (topOfTask)
                return new Backtrace(frames, null, null); // a kernel thread's empty pt_regs at the top of its stack
            frames[^1] = last with { Exception = saved, ExceptionPartial = orc.Type != OrcFrameType.Regs };
            StackRegion? next = Find(stacks, saved.Sp);
            if (next == null)
                return new Backtrace(frames, null, $"exception frame at {regsAddress:x}: stack pointer {saved.Sp:x} is not on any of the task's stacks");
            if (!ReferenceEquals(next, current))
            {
                if (++switches > MaxStackSwitches)
                    return new Backtrace(frames, null, "too many stack switches");
                frames[^1] = frames[^1] with { LeavingStack = current };
            }
            else if (saved.Sp <= sp - 8 && saved.Sp < regsAddress)
                return new Backtrace(frames, null, $"exception frame at {regsAddress:x} points back down the stack ({saved.Sp:x})");
            current = next;
            ip = saved.Ip;
            sp = saved.Sp;
            bp = orc.Type == OrcFrameType.Regs ? saved.Bp : bp;
            regs = orc.Type == OrcFrameType.Regs ? saved : null;
            signal = true;
            if (!IsKernelText(kernel, ip))
                return new Backtrace(frames, null, $"exception RIP {ip:x} is not kernel text");
            frames.Add(new StackFrame(sp, ip, current));
        }
        return new Backtrace(frames, null, $"stopped after {MaxFrames} frames");
    }

    private static bool UpdateBp(IReadOnlyList<StackRegion> stacks, Memory.MemoryReader mem, OrcEntry orc, ulong cfa, ref ulong bp)
    {
        switch (orc.BpReg)
        {
            case OrcRegister.PrevSp:
                return TryRead(stacks, mem, cfa + (ulong)(long)orc.BpOffset, out bp);
            case OrcRegister.Bp:
                return TryRead(stacks, mem, bp + (ulong)(long)orc.BpOffset, out bp);
            default:
                return true;
        }
    }

    // The walk must go up: a return-address slot above the previous one on the same stack, or a move to
    // another stack (counted).
    private static bool Advance(IReadOnlyList<StackRegion> stacks, ref StackRegion current, ulong slot, ulong sp, ref int switches,
        List<StackFrame> frames, out string? why)
    {
        why = null;
        StackRegion? region = Find(stacks, slot);
        if (region == null)
        {
            why = $"return address slot {slot:x} is not on the task's stacks";
            return false;
        }
        if (ReferenceEquals(region, current))
        {
            if (slot < sp || slot < frames[^1].Slot && frames.Count > 1)
            {
                why = $"stack loops back at {slot:x}";
                return false;
            }
            return true;
        }
        if (++switches > MaxStackSwitches)
        {
            why = "too many stack switches";
            return false;
        }
        frames[^1] = frames[^1] with { LeavingStack = current };
        current = region;
        return true;
    }

    private static bool TryRead(IReadOnlyList<StackRegion> stacks, Memory.MemoryReader mem, ulong address, out ulong value)
    {
        value = 0;
        return Find(stacks, address) != null && mem.TryReadPointer(address, out value);
    }

    /// <summary>The stack holding <paramref name="address"/>, or null.</summary>
    public static StackRegion? Find(IReadOnlyList<StackRegion> stacks, ulong address)
    {
        foreach (StackRegion s in stacks)
        {
            if (s.Contains(address))
                return s;
        }
        return null;
    }

    /// <summary>Most stack slots <see cref="ScanForReturnAddress"/> looks at.</summary>
    private const int MaxScanSlots = 512;

    /// <summary>
    /// The first slot at or above <paramref name="sp"/> on <paramref name="stack"/> that holds a kernel text
    /// address just after a call instruction (a return address), within <see cref="MaxScanSlots"/> slots.
    /// </summary>
    private static bool ScanForReturnAddress(KernelProgram kernel, StackRegion stack, ulong sp, out ulong slot, out ulong ra)
    {
        var mem = kernel.Memory;
        Span<byte> code = stackalloc byte[7];
        for (int i = 0; i < MaxScanSlots && stack.Contains(sp + (ulong)i * 8); i++)
        {
            slot = sp + (ulong)i * 8;
            if (!mem.TryReadPointer(slot, out ra) || !IsKernelText(kernel, ra) || !mem.TryRead(ra - 7, code))
                continue;
            if (IsAfterCall(code))
                return true;
        }
        slot = ra = 0;
        return false;
    }

    /// <summary>True when the 7 bytes before an address end with a call: rel32, indirect through a register, or RIP-relative.</summary>
    private static bool IsAfterCall(ReadOnlySpan<byte> before)
    {
        if (before[2] == 0xE8)
            return true; // call rel32
        if (before[5] == 0xFF && (before[6] & 0xF8) == 0xD0)
            return true; // call *%rax..%rdi
        if (before[4] is >= 0x40 and <= 0x4F && before[5] == 0xFF && (before[6] & 0xF8) == 0xD0)
            return true; // call *%r8..%r15 (REX prefix)
        return before[0] == 0xFF && before[1] == 0x15; // call *disp32(%rip)
    }

    /// <summary>True when <paramref name="address"/> is kernel text by kallsyms, or lies in a loaded module's text.</summary>
    public static bool IsKernelText(KernelProgram kernel, ulong address)
    {
        try
        {
            Kallsyms ks = kernel.Kallsyms;
            if (!ks.InKernelRange(address))
                return ModuleText.Of(kernel).ModuleOf(address) != null;
            int r = ks.RankForAddress(address);
            return r >= 0 && ks[r].Type is 'T' or 't' or 'W' or 'w';
        }
        catch (Exception e) when (e is KallsymsException or Dumps.MemoryFaultException or KernelLayoutException)
        {
            return false;
        }
    }
}
