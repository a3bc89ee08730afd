using System.Runtime.InteropServices;

namespace Crashdive.Symbols.Elf;

/// <summary>The ELF64 file header (Elf64_Ehdr), as on disk.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct Elf64Header
{
    public uint Magic;              // e_ident[EI_MAG0..EI_MAG3]
    public byte Class;              // e_ident[EI_CLASS]
    public byte Data;               // e_ident[EI_DATA]
    public byte IdentVersion;       // e_ident[EI_VERSION]
    public byte OsAbi;              // e_ident[EI_OSABI]
    public ulong IdentPadding;      // e_ident[EI_ABIVERSION..EI_PAD]
    public ushort Type;              // e_type
    public ushort Machine;          // e_machine
    public uint Version;            // e_version
    public ulong Entry;             // e_entry
    public ulong ProgramHeaderOffset; // e_phoff
    public ulong SectionHeaderOffset; // e_shoff
    public uint Flags;              // e_flags
    public ushort HeaderSize;       // e_ehsize
    public ushort ProgramHeaderEntrySize; // e_phentsize
    public ushort ProgramHeaderCount;     // e_phnum
    public ushort SectionHeaderEntrySize; // e_shentsize
    public ushort SectionHeaderCount;     // e_shnum
    public ushort SectionNameTableIndex;  // e_shstrndx
}
