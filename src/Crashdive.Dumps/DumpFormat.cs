namespace Crashdive.Dumps;

/// <summary>The container a dump file uses.</summary>
public enum DumpFormat
{
    /// <summary>ELF core: /proc/vmcore copies, makedumpfile -E, QEMU dump-guest-memory elf.</summary>
    Elf,
    /// <summary>/proc/kcore: ELF with kernel-virtual PT_LOADs.</summary>
    Kcore,
    /// <summary>kdump-compressed ("KDUMP   " signature): makedumpfile -c/-l/-p/-z, QEMU kdump-*.</summary>
    Kdump,
}
