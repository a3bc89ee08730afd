using System.Runtime.InteropServices;

namespace Crashdive.Symbols.Elf;

/// <summary>The header at the start of an SHF_COMPRESSED section (Elf64_Chdr), as on disk.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct Elf64CompressionHeader
{
    public uint Type;           // ch_type (ELFCOMPRESS_ZLIB = 1, ELFCOMPRESS_ZSTD = 2)
    public uint Reserved;      // ch_reserved
    public ulong Size;         // ch_size (uncompressed)
    public ulong AddressAlign; // ch_addralign
}
