using System.Runtime.InteropServices;

namespace Crashdive.Dumps.Elf;

/// <summary>
/// One ELF64 section header (<c>Elf64_Shdr</c>), 64 bytes. A core only needs section 0, whose
/// <c>sh_info</c> holds the real program header count when <c>e_phnum</c> is PN_XNUM.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct Elf64SectionHeader
{
    /// <summary>Size on disk; <c>e_shentsize</c> must say this.</summary>
    public const int Size = 64;

    /// <summary>Byte offset of sh_info inside the entry.</summary>
    public const int InfoOffset = 44;

    public uint Name;        // sh_name
    public uint Type;        // sh_type
    public ulong Flags;      // sh_flags
    public ulong Addr;       // sh_addr
    public ulong Offset;     // sh_offset
    public ulong SectionSize; // sh_size
    public uint Link;        // sh_link
    public uint Info;        // sh_info
    public ulong AddrAlign;  // sh_addralign
    public ulong EntSize;    // sh_entsize
}
