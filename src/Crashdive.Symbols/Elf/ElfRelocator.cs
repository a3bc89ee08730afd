using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Crashdive.Symbols.Elf;

/// <summary>
/// Applies the SHT_RELA sections that target a section of a relocatable file (a module .ko) to a
/// private copy of that section's bytes. Only what DWARF in kernel modules needs: absolute 64 and
/// 32-bit values (section offsets into .debug_str and friends, code addresses) and PC-relative ones.
/// Symbols resolve to their section's address (its load address when given, else 0) plus st_value.
/// </summary>
internal static class ElfRelocator
{
    // x86-64 psABI
    private const uint X86_64_None = 0;   // R_X86_64_NONE
    private const uint X86_64_64 = 1;     // R_X86_64_64: S + A, 8 bytes
    private const uint X86_64_PC32 = 2;   // R_X86_64_PC32: S + A - P, 4 bytes
    private const uint X86_64_32 = 10;    // R_X86_64_32: S + A, 4 bytes
    private const uint X86_64_32S = 11;   // R_X86_64_32S: S + A, 4 bytes
    private const uint X86_64_PC64 = 24;  // R_X86_64_PC64: S + A - P, 8 bytes

    // AArch64 ELF ABI
    private const uint AArch64_None = 0;    // R_AARCH64_NONE
    private const uint AArch64_Abs64 = 257; // R_AARCH64_ABS64
    private const uint AArch64_Abs32 = 258; // R_AARCH64_ABS32
    private const uint AArch64_Prel64 = 260; // R_AARCH64_PREL64
    private const uint AArch64_Prel32 = 261; // R_AARCH64_PREL32

    /// <summary>True when some SHT_RELA section applies to section <paramref name="targetIndex"/>.</summary>
    public static bool HasRelocations(ElfImage image, int targetIndex)
    {
        foreach (ElfSection s in image.Sections)
        {
            if (s.Type == ElfConstants.SectionTypeRela && s.Info == (uint)targetIndex)
                return true;
        }
        return false;
    }

    /// <summary>Applies every SHT_RELA section aimed at <paramref name="target"/> to <paramref name="data"/>.</summary>
    public static void Apply(ElfImage image, ElfSection target, byte[] data)
    {
        foreach (ElfSection rela in image.Sections)
        {
            if (rela.Type == ElfConstants.SectionTypeRela && rela.Info == (uint)target.Index)
                ApplyOne(image, target, rela, data);
        }
    }

    private static void ApplyOne(ElfImage image, ElfSection target, ElfSection rela, byte[] data)
    {
        string path = image.Path;
        if (rela.IsCompressed)
            throw new DebugInfoFormatException(path, rela.HeaderOffset, $"relocation section {rela.Name} is compressed, which is not supported");
        if (rela.EntrySize != ElfConstants.RelaSize)
            throw new DebugInfoFormatException(path, rela.HeaderOffset, $"relocation section {rela.Name} has entry size {rela.EntrySize}, not {ElfConstants.RelaSize}");
        if (rela.Link >= (uint)image.Sections.Count || image.Sections[(int)rela.Link].Type != ElfConstants.SectionTypeSymTab)
            throw new DebugInfoFormatException(path, rela.HeaderOffset, $"relocation section {rela.Name} links to section {rela.Link}, which is not a symbol table");
        ElfSection symtab = image.Sections[(int)rela.Link];
        ReadOnlySpan<byte> symbols = image.GetRawSection(symtab);
        ReadOnlySpan<byte> entries = image.GetRawSection(rela);
        ulong symbolCount = (ulong)symbols.Length / ElfConstants.SymbolSize;
        ulong place = image.SectionAddress(target.Index);
        ushort machine = image.Machine;

        for (int i = 0; i + ElfConstants.RelaSize <= entries.Length; i += ElfConstants.RelaSize)
        {
            Elf64Rela r = MemoryMarshal.Read<Elf64Rela>(entries[i..]);
            uint type = (uint)r.Info;
            ulong symIndex = r.Info >> 32;
            long at = (long)rela.FileOffset + i;
            if (symIndex >= symbolCount)
                throw new DebugInfoFormatException(path, at, $"relocation {i / ElfConstants.RelaSize} of {rela.Name} names symbol {symIndex}, beyond the {symbolCount} in {symtab.Name}");
            Elf64Symbol sym = MemoryMarshal.Read<Elf64Symbol>(symbols[(int)(symIndex * ElfConstants.SymbolSize)..]);
            ulong s = SymbolAddress(image, sym);
            ulong a = (ulong)r.Addend;
            ulong p = place + r.Offset;

            int width;
            ulong value;
            switch (machine, type)
            {
                case (ElfConstants.MachineX86_64, X86_64_None):
                case (ElfConstants.MachineAArch64, AArch64_None):
                    continue;
                case (ElfConstants.MachineX86_64, X86_64_64):
                case (ElfConstants.MachineAArch64, AArch64_Abs64):
                    width = 8; value = s + a; break;
                case (ElfConstants.MachineX86_64, X86_64_32):
                case (ElfConstants.MachineX86_64, X86_64_32S):
                case (ElfConstants.MachineAArch64, AArch64_Abs32):
                    width = 4; value = s + a; break;
                case (ElfConstants.MachineX86_64, X86_64_PC32):
                case (ElfConstants.MachineAArch64, AArch64_Prel32):
                    width = 4; value = s + a - p; break;
                case (ElfConstants.MachineX86_64, X86_64_PC64):
                case (ElfConstants.MachineAArch64, AArch64_Prel64):
                    width = 8; value = s + a - p; break;
                default:
                    throw new DebugInfoFormatException(path, at, $"relocation type {type} (machine {machine}) in {rela.Name} is not supported");
            }

            if (r.Offset > (ulong)data.Length || (ulong)width > (ulong)data.Length - r.Offset)
                throw new DebugInfoFormatException(path, at, $"relocation {i / ElfConstants.RelaSize} of {rela.Name} patches offset 0x{r.Offset:x}, outside {target.Name} (size 0x{data.Length:x})");
            Span<byte> dst = data.AsSpan((int)r.Offset, width);
            if (width == 8)
                BinaryPrimitives.WriteUInt64LittleEndian(dst, value);
            else
                BinaryPrimitives.WriteUInt32LittleEndian(dst, (uint)value);
        }
    }

    private static ulong SymbolAddress(ElfImage image, in Elf64Symbol sym)
    {
        ushort shndx = sym.SectionIndex;
        if (shndx == ElfConstants.SectionUndefined || shndx == ElfConstants.SectionCommon)
            return sym.Value;
        if (shndx == ElfConstants.SectionAbsolute || shndx >= ElfConstants.SectionLoReserve)
            return sym.Value;
        return image.SectionAddress(shndx) + sym.Value;
    }
}
