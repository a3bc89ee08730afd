using System.Runtime.InteropServices;

namespace Crashdive.Dumps.Elf;

/// <summary>The ELF64 file header (<c>Elf64_Ehdr</c>), 64 bytes, as it sits in a little-endian file.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct Elf64Header
{
    /// <summary>Size on disk.</summary>
    public const int Size = 64;

    // Byte offsets of the fields, for messages that name where a bad value sits.
    public const int ClassOffset = 4;      // e_ident[EI_CLASS]
    public const int DataOffset = 5;       // e_ident[EI_DATA]
    public const int TypeOffset = 16;      // e_type
    public const int MachineOffset = 18;   // e_machine
    public const int PhOffOffset = 32;     // e_phoff
    public const int ShOffOffset = 40;     // e_shoff
    public const int EhSizeOffset = 52;    // e_ehsize
    public const int PhEntSizeOffset = 54; // e_phentsize
    public const int PhNumOffset = 56;     // e_phnum
    public const int ShEntSizeOffset = 58; // e_shentsize

    public uint Magic;            // e_ident[EI_MAG0..EI_MAG3]
    public byte Class;            // e_ident[EI_CLASS]
    public byte Data;             // e_ident[EI_DATA]
    public byte IdentVersion;     // e_ident[EI_VERSION]
    public byte OsAbi;            // e_ident[EI_OSABI]
    public ulong IdentPadding;    // e_ident[EI_ABIVERSION..EI_NIDENT-1]
    public ushort Type;           // e_type
    public ushort Machine;        // e_machine
    public uint Version;          // e_version
    public ulong Entry;           // e_entry
    public ulong PhOff;           // e_phoff
    public ulong ShOff;           // e_shoff
    public uint Flags;            // e_flags
    public ushort EhSize;         // e_ehsize
    public ushort PhEntSize;      // e_phentsize
    public ushort PhNum;          // e_phnum
    public ushort ShEntSize;      // e_shentsize
    public ushort ShNum;          // e_shnum
    public ushort ShStrNdx;       // e_shstrndx
}
