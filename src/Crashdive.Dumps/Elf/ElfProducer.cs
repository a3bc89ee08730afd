namespace Crashdive.Dumps.Elf;

/// <summary>The program that most likely wrote an ELF dump, judged from its notes and segments.</summary>
public enum ElfProducer
{
    /// <summary>Nothing marks it.</summary>
    Unknown,
    /// <summary>QEMU <c>dump-guest-memory</c> (QEMU CPU-state notes).</summary>
    Qemu,
    /// <summary>makedumpfile <c>-E</c>: filtered pages left as p_memsz beyond p_filesz.</summary>
    Makedumpfile,
    /// <summary>A copy of <c>/proc/vmcore</c>: page-aligned segments, nothing filtered.</summary>
    ProcVmcore,
    /// <summary>Either makedumpfile -E without filtering or an old-kernel /proc/vmcore copy (unaligned segments, nothing filtered).</summary>
    MakedumpfileOrProcVmcore,
    /// <summary><c>/proc/kcore</c> or a copy of it.</summary>
    Kcore,
}
