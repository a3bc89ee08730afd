namespace Crashdive.Helpers.Stack;

/// <summary>
/// The registers of one backtrace frame as far as they are known, by DWARF register number (x86-64:
/// 0 rax, 1 rdx, 2 rcx, 3 rbx, 4 rsi, 5 rdi, 6 rbp, 7 rsp, 8-15 r8-r15, 16 rip). The frame where the dump
/// saved the CPU's registers, and the frame after a full exception frame, know all of them; a sleeping
/// task's top frame knows the callee-saved ones its switch frame holds; callers know what the call frame
/// information restores. Everything else is unknown, never guessed.
/// </summary>
public sealed class FrameRegisters
{
    /// <summary>DWARF registers tracked (0-16).</summary>
    public const int Count = 17;

    /// <summary>DWARF numbers of the x86-64 registers a call preserves (rbx, rbp, r12-r15).</summary>
    public static readonly int[] CalleeSaved = [3, 6, 12, 13, 14, 15];

    private readonly ulong[] _values = new ulong[Count];
    private uint _known;

    /// <summary>A frame at <paramref name="pc"/> with stack pointer <paramref name="sp"/>.</summary>
    /// <param name="pc">The frame's instruction address.</param>
    /// <param name="sp">Its stack pointer.</param>
    /// <param name="exactPc">True when <paramref name="pc"/> is where the CPU stopped (saved registers), false for a return address (looked up at pc-1).</param>
    public FrameRegisters(ulong pc, ulong sp, bool exactPc)
    {
        ExactPc = exactPc;
        Set(16, pc);
        Set(7, sp);
    }

    /// <summary>The instruction address.</summary>
    public ulong Pc => _values[16];

    /// <summary>The stack pointer.</summary>
    public ulong Sp => _values[7];

    /// <summary>True when <see cref="Pc"/> is not a return address (the CPU stopped there).</summary>
    public bool ExactPc { get; }

    /// <summary>The address to look the frame's code up at: the pc, or for a return address the byte before it (the call), as gdb does.</summary>
    public ulong LookupPc => ExactPc ? Pc : Pc - 1;

    /// <summary>The canonical frame address (the caller's stack pointer before the call), when known.</summary>
    public ulong? Cfa { get; set; }

    /// <summary>Sets DWARF register <paramref name="register"/> as known.</summary>
    public void Set(int register, ulong value)
    {
        if ((uint)register >= Count)
            return;
        _values[register] = value;
        _known |= 1u << register;
    }

    /// <summary>The value of DWARF register <paramref name="register"/>; false when not known in this frame.</summary>
    public bool TryGet(int register, out ulong value)
    {
        value = 0;
        if ((uint)register >= Count || (_known & (1u << register)) == 0)
            return false;
        value = _values[register];
        return true;
    }

    /// <summary>Number of registers known.</summary>
    public int KnownCount => System.Numerics.BitOperations.PopCount(_known);

    /// <summary>All registers of <paramref name="regs"/> (a dump note or a full pt_regs).</summary>
    public static FrameRegisters FromPtRegs(PtRegs regs)
    {
        var f = new FrameRegisters(regs.Ip, regs.Sp, true);
        f.Set(0, regs.Ax);
        f.Set(1, regs.Dx);
        f.Set(2, regs.Cx);
        f.Set(3, regs.Bx);
        f.Set(4, regs.Si);
        f.Set(5, regs.Di);
        f.Set(6, regs.Bp);
        f.Set(8, regs.R8);
        f.Set(9, regs.R9);
        f.Set(10, regs.R10);
        f.Set(11, regs.R11);
        f.Set(12, regs.R12);
        f.Set(13, regs.R13);
        f.Set(14, regs.R14);
        f.Set(15, regs.R15);
        return f;
    }

    /// <summary>DWARF register names for messages.</summary>
    public static string Name(int register) => register switch
    {
        0 => "rax", 1 => "rdx", 2 => "rcx", 3 => "rbx", 4 => "rsi", 5 => "rdi", 6 => "rbp", 7 => "rsp",
        >= 8 and <= 15 => "r" + register,
        16 => "rip",
        _ => "reg" + register,
    };
}
