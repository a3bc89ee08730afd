namespace Crashdive.Dumps.Elf;

/// <summary>ELF <c>e_machine</c> values as text. The space is open: unknown values print as <c>Unknown (0x4109)</c>.</summary>
public static class ElfMachine
{
    /// <summary>EM_X86_64, the one machine crashdive reads.</summary>
    public const ushort X86_64 = 62;

    /// <summary>The machine's name and its EM_ constant, e.g. <c>x86-64 (EM_X86_64)</c>, or <c>Unknown (0x4109)</c>.</summary>
    public static string Name(ushort machine) => machine switch
    {
        0 => "no machine (EM_NONE)",
        2 => "SPARC (EM_SPARC)",
        3 => "Intel 80386 (EM_386)",
        4 => "Motorola 68000 (EM_68K)",
        8 => "MIPS (EM_MIPS)",
        15 => "PA-RISC (EM_PARISC)",
        20 => "PowerPC (EM_PPC)",
        21 => "PowerPC64 (EM_PPC64)",
        22 => "IBM S/390 (EM_S390)",
        40 => "ARM (EM_ARM)",
        42 => "SuperH (EM_SH)",
        43 => "SPARC V9 (EM_SPARCV9)",
        50 => "IA-64 (EM_IA_64)",
        62 => "x86-64 (EM_X86_64)",
        183 => "AArch64 (EM_AARCH64)",
        243 => "RISC-V (EM_RISCV)",
        247 => "BPF (EM_BPF)",
        258 => "LoongArch (EM_LOONGARCH)",
        _ => $"Unknown (0x{machine:x})",
    };
}
