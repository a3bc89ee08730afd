namespace Crashdive.Helpers.Stack;

/// <summary>
/// One decoded ORC entry (arch/x86/include/asm/orc_types.h): where the caller's stack pointer (CFA)
/// and frame pointer are, and what kind of frame this is. Types are normalised across the 6.4 change
/// (before: CALL=0, REGS=1, REGS_PARTIAL=2 with an <c>end</c> bit; since: UNDEFINED=0, END_OF_STACK=1,
/// CALL=2, REGS=3, REGS_PARTIAL=4).
/// </summary>
public readonly record struct OrcEntry(short SpOffset, short BpOffset, byte SpReg, byte BpReg, OrcFrameType Type, bool Signal);

/// <summary>The kind of frame an ORC entry describes.</summary>
public enum OrcFrameType
{
    /// <summary>No unwind information (ORC_TYPE_UNDEFINED, or a 6.1 entry with neither register set).</summary>
    Undefined,
    /// <summary>The end of the kernel stack (the <c>end</c> bit before 6.4).</summary>
    EndOfStack,
    /// <summary>An ordinary call frame: the return address is just below the CFA.</summary>
    Call,
    /// <summary>A full <c>struct pt_regs</c> at the CFA.</summary>
    Regs,
    /// <summary>Only the hardware IRET frame at the CFA.</summary>
    RegsPartial,
}

/// <summary>ORC register numbers (ORC_REG_*).</summary>
public static class OrcRegister
{
    public const byte Undefined = 0, PrevSp = 1, Dx = 2, Di = 3, Bp = 4, Sp = 5, R10 = 6, R13 = 7, BpIndirect = 8, SpIndirect = 9;
}
