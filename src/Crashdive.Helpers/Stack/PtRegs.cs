using Crashdive.Dumps.Notes;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// A <c>struct pt_regs</c> (x86-64): the registers saved at an exception, interrupt or system call,
/// or taken from a dump's per-CPU note. The field order is the x86-64 ABI's and has not changed since
/// 2.6.25 (r15 … ss, 21 words, 168 bytes).
/// </summary>
public sealed class PtRegs
{
    /// <summary>sizeof(struct pt_regs).</summary>
    public const int Size = 168;

    /// <summary>Register names in pt_regs order (the kernel's 6.x spellings).</summary>
    public static readonly string[] Names =
        ["r15", "r14", "r13", "r12", "bp", "bx", "r11", "r10", "r9", "r8", "ax", "cx", "dx", "si", "di", "orig_ax", "ip", "cs", "flags", "sp", "ss"];

    private readonly ulong[] _values;

    private PtRegs(ulong[] values, ulong address)
    {
        _values = values;
        Address = address;
    }

    /// <summary>Where the structure was read (0 when it came from a dump note).</summary>
    public ulong Address { get; }

    public ulong R15 => _values[0];
    public ulong R14 => _values[1];
    public ulong R13 => _values[2];
    public ulong R12 => _values[3];
    public ulong Bp => _values[4];
    public ulong Bx => _values[5];
    public ulong R11 => _values[6];
    public ulong R10 => _values[7];
    public ulong R9 => _values[8];
    public ulong R8 => _values[9];
    public ulong Ax => _values[10];
    public ulong Cx => _values[11];
    public ulong Dx => _values[12];
    public ulong Si => _values[13];
    public ulong Di => _values[14];
    public ulong OrigAx => _values[15];
    public ulong Ip => _values[16];
    public ulong Cs => _values[17];
    public ulong Flags => _values[18];
    public ulong Sp => _values[19];
    public ulong Ss => _values[20];

    /// <summary>True when the registers are of user mode (CPL 3 in CS).</summary>
    public bool IsUserMode => (Cs & 3) == 3;

    /// <summary>Decodes 168 bytes read at <paramref name="address"/>.</summary>
    public static PtRegs Parse(ReadOnlySpan<byte> bytes, ulong address)
    {
        var v = new ulong[21];
        for (int i = 0; i < 21; i++)
            v[i] = BitConverter.ToUInt64(bytes.Slice(i * 8, 8));
        return new PtRegs(v, address);
    }

    /// <summary>The registers of a dump's CPU note (user_regs_struct names).</summary>
    public static PtRegs FromNote(CpuRegisters r)
    {
        string[] noteNames = ["r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss"];
        var v = new ulong[21];
        for (int i = 0; i < 21; i++)
            v[i] = r.Get(noteNames[i]) ?? 0;
        return new PtRegs(v, 0);
    }
}
