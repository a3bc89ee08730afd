namespace Crashdive.Dumps.Notes;

/// <summary>One ELF note: its owner name, type and descriptor bytes, and where it sat in the file.</summary>
public sealed record ElfNote(string Name, uint Type, byte[] Desc, long FileOffset)
{
    /// <summary>The note type as text, open for values no table lists.</summary>
    public string TypeName => (Name, Type) switch
    {
        ("CORE", 1) => "NT_PRSTATUS",
        ("CORE", 2) => "NT_PRFPREG",
        ("CORE", 3) => "NT_PRPSINFO",
        ("CORE", 4) => "NT_TASKSTRUCT",
        ("CORE", 6) => "NT_AUXV",
        ("CORE", 0x202) => "NT_X86_XSTATE",
        ("VMCOREINFO", 0) => "VMCOREINFO",
        ("QEMU", 0) => "QEMU CPU state",
        ("Xen", _) => $"Xen (0x{Type:x})",
        _ => $"Unknown (0x{Type:x})",
    };
}
