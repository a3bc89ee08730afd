namespace Crashdive.Symbols.Elf;

/// <summary>Numbers from the ELF specification and the x86-64/AArch64 psABIs that this reader uses.</summary>
internal static class ElfConstants
{
    public const uint Magic = 0x464c457f; // "\x7fELF" read little-endian
    public const byte Class64 = 2;        // ELFCLASS64
    public const byte DataLittleEndian = 1; // ELFDATA2LSB

    public const ushort TypeRelocatable = 1; // ET_REL
    public const ushort TypeExecutable = 2;  // ET_EXEC
    public const ushort TypeShared = 3;      // ET_DYN
    public const ushort TypeCore = 4;        // ET_CORE

    public const ushort MachineX86_64 = 62;   // EM_X86_64
    public const ushort MachineAArch64 = 183; // EM_AARCH64

    public const ushort SectionUndefined = 0;    // SHN_UNDEF
    public const ushort SectionLoReserve = 0xff00; // SHN_LORESERVE
    public const ushort SectionAbsolute = 0xfff1;  // SHN_ABS
    public const ushort SectionCommon = 0xfff2;    // SHN_COMMON
    public const ushort SectionExtended = 0xffff;  // SHN_XINDEX

    public const uint SectionTypeNull = 0;      // SHT_NULL
    public const uint SectionTypeProgBits = 1;  // SHT_PROGBITS
    public const uint SectionTypeSymTab = 2;    // SHT_SYMTAB
    public const uint SectionTypeStrTab = 3;    // SHT_STRTAB
    public const uint SectionTypeRela = 4;      // SHT_RELA
    public const uint SectionTypeNote = 7;      // SHT_NOTE
    public const uint SectionTypeNoBits = 8;    // SHT_NOBITS
    public const uint SectionTypeRel = 9;       // SHT_REL
    public const uint SectionTypeDynSym = 11;   // SHT_DYNSYM

    public const ulong SectionFlagAlloc = 0x2;         // SHF_ALLOC
    public const ulong SectionFlagCompressed = 0x800;  // SHF_COMPRESSED

    public const uint CompressZlib = 1; // ELFCOMPRESS_ZLIB
    public const uint CompressZstd = 2; // ELFCOMPRESS_ZSTD

    public const uint NoteGnuBuildId = 3; // NT_GNU_BUILD_ID

    public const int HeaderSize = 64;
    public const int SectionHeaderSize = 64;
    public const int SymbolSize = 24;
    public const int RelaSize = 24;
    public const int CompressionHeaderSize = 24;
}
