using System.Runtime.InteropServices;

namespace Crashdive.Symbols.Elf;

/// <summary>An ELF64 symbol table entry (Elf64_Sym), as on disk.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct Elf64Symbol
{
    public uint Name;           // st_name
    public byte Info;           // st_info
    public byte Other;          // st_other
    public ushort SectionIndex; // st_shndx
    public ulong Value;         // st_value
    public ulong Size;          // st_size
}
