using System.Runtime.InteropServices;

namespace Crashdive.Dumps.Elf;

/// <summary>One ELF64 program header (<c>Elf64_Phdr</c>), 56 bytes.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct Elf64ProgramHeader
{
    /// <summary>Size on disk; <c>e_phentsize</c> must say this.</summary>
    public const int Size = 56;

    public const uint PtLoad = 1;  // PT_LOAD
    public const uint PtNote = 4;  // PT_NOTE

    // Byte offsets of the fields inside one entry, for messages.
    public const int OffsetOffset = 8;   // p_offset
    public const int VAddrOffset = 16;   // p_vaddr
    public const int PAddrOffset = 24;   // p_paddr
    public const int FileSzOffset = 32;  // p_filesz
    public const int MemSzOffset = 40;   // p_memsz

    public uint Type;       // p_type
    public uint Flags;      // p_flags
    public ulong Offset;    // p_offset
    public ulong VAddr;     // p_vaddr
    public ulong PAddr;     // p_paddr
    public ulong FileSz;    // p_filesz
    public ulong MemSz;     // p_memsz
    public ulong Align;     // p_align
}
