namespace Crashdive.Arch.X86_64;

/// <summary>
/// One decoded instruction: where it is, how long, its gdb-style text (mnemonic padded to 7, AT&amp;T
/// operands), the target of a direct branch or call, the address a RIP-relative operand refers to,
/// and whether it is a call (the unwinder checks that a return address follows one).
/// </summary>
public readonly record struct DisassembledInstruction(ulong Address, int Length, string Text, ulong? BranchTarget, ulong? RipTarget, bool IsCall);
