using System.Runtime.InteropServices;

namespace Crashdive.Symbols.Elf;

/// <summary>An ELF64 relocation with addend (Elf64_Rela), as on disk.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct Elf64Rela
{
    public ulong Offset;  // r_offset
    public ulong Info;    // r_info (symbol index << 32 | type)
    public long Addend;   // r_addend
}
