using System.Runtime.InteropServices;

namespace Crashdive.Symbols.Elf;

/// <summary>An ELF64 section header (Elf64_Shdr), as on disk.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct Elf64SectionHeader
{
    public uint Name;          // sh_name
    public uint Type;           // sh_type
    public ulong Flags;        // sh_flags
    public ulong Address;      // sh_addr
    public ulong Offset;       // sh_offset
    public ulong Size;         // sh_size
    public uint Link;          // sh_link
    public uint Info;          // sh_info
    public ulong AddressAlign; // sh_addralign
    public ulong EntrySize;    // sh_entsize
}
