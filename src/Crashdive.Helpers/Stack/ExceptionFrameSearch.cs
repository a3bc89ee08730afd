using Crashdive.Kernel;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// Finds likely exception frames (<c>struct pt_regs</c>) anywhere on a stack, as crash's
/// <c>x86_64_eframe_search</c> does for <c>bt -e</c> and <c>bt -E</c>: every 8-byte aligned position
/// from the stack's base up to the last one a whole <c>pt_regs</c> fits below the top is read as
/// registers and kept when <see cref="Verify"/> accepts them (crash's <c>x86_64_eframe_verify</c>).
/// Stale frames left by earlier exceptions are found too: the search does not follow the unwind.
/// </summary>
public static class ExceptionFrameSearch
{
    // crash's RAZ_MASK: RFLAGS bits that read as zero; bit 1 always reads as one.
    private const ulong RflagsReadAsZero = 0xffffffffffc08028UL;

    /// <summary>The frames found on <paramref name="stack"/> (<paramref name="exceptionStackIndex"/>: the IST index of an exception stack, else -1).</summary>
    public static IReadOnlyList<PtRegs> Search(KernelProgram kernel, StackRegion stack, int exceptionStackIndex = -1)
    {
        var found = new List<PtRegs>();
        if (stack.End - stack.Start < PtRegs.Size || stack.End - stack.Start > 0x100000)
            return found;
        byte[] bytes = new byte[stack.End - stack.Start];
        bool[] readable = ReadPages(kernel, stack.Start, bytes);
        ulong last = stack.End - PtRegs.Size;
        for (ulong a = stack.Start; a <= last; a += 8)
        {
            int off = (int)(a - stack.Start);
            // crash checks that the first and last word of the frame are readable (accessible()).
            if (!readable[off >> 12] || !readable[(off + PtRegs.Size - 8) >> 12])
                continue;
            PtRegs r = PtRegs.Parse(bytes.AsSpan(off, PtRegs.Size), a);
            if (Verify(kernel, r, exceptionStackIndex))
                found.Add(r);
        }
        return found;
    }

    private static bool[] ReadPages(KernelProgram kernel, ulong start, byte[] bytes)
    {
        var ok = new bool[(bytes.Length + 0xfff) >> 12];
        for (int p = 0; p < ok.Length; p++)
        {
            int len = Math.Min(0x1000, bytes.Length - p * 0x1000);
            ok[p] = kernel.Memory.TryRead(start + (ulong)p * 0x1000, bytes.AsSpan(p * 0x1000, len));
        }
        return ok;
    }

    /// <summary>
    /// crash's <c>x86_64_eframe_verify</c> for a frame read at <c>regs.Address</c>: plausible RFLAGS, and
    /// kernel segments with a kernel text RIP and a kernel RSP (or one of the other cases crash accepts:
    /// RSP just above the frame, any RIP on the double-fault and NMI stacks), or user segments with user
    /// RIP and RSP.
    /// </summary>
    public static bool Verify(KernelProgram kernel, PtRegs r, int exceptionStackIndex)
    {
        if ((r.Flags & RflagsReadAsZero) != 0 || (r.Flags & 2) == 0)
            return false;
        var regions = kernel.Regions;
        bool kvRsp = regions.IsKernelVirtual(r.Sp);
        bool onExceptionStack = exceptionStackIndex >= 0;
        if (r.Cs == 0x10)
        {
            bool text = IsText(kernel, r.Ip);
            if (r.Ss == 0x18)
            {
                if (text && kvRsp)
                    return true;
                if (ModuleText.Of(kernel).ModuleOf(r.Ip) != null && kvRsp && r.Sp == r.Address + PtRegs.Size)
                    return true;
                if (text && !kvRsp && onExceptionStack)
                    return true;
                if (text && onExceptionStack && exceptionStackIndex <= 1)
                    return true;
                if (r.Address + PtRegs.Size == r.Sp)
                    return true;
            }
            if (text && kvRsp && (r.Sp == r.Address + PtRegs.Size + 8 || onExceptionStack))
                return true;
            if (r.Sp == r.Address + PtRegs.Size)
                return true;
            if (kvRsp && regions.IsVmallocLike(r.Ip) && kernel.TryKernelToPhysical(r.Ip, out _))
                return true;
        }
        if (r.Cs == 0x33 && r.Ss == 0x2b)
        {
            if (regions.IsUserVirtual(r.Ip) && regions.IsUserVirtual(r.Sp))
                return true;
            if (r.Ip >= Arch.X86_64.X86_64VirtualRegions.VsyscallStart && r.Ip < Arch.X86_64.X86_64VirtualRegions.VsyscallEnd && regions.IsUserVirtual(r.Sp))
                return true;
        }
        if (r.Cs == 0x23 && r.Ss == 0x2b && regions.IsUserVirtual(r.Ip) && regions.IsUserVirtual(r.Sp))
            return true;
        return false;
    }

    // crash's is_kernel_text: vmlinux text or a module's text.
    private static bool IsText(KernelProgram kernel, ulong address) =>
        StackUnwinder.IsKernelText(kernel, address) || ModuleText.Of(kernel).ModuleOf(address) != null;
}
