namespace Crashdive.Symbols.Elf;

/// <summary>
/// One ELF symbol. <see cref="Address"/> is st_value, plus the section's address in relocatable
/// files (so a module symbol is relocated when the module's load addresses were given).
/// </summary>
public readonly record struct ElfSymbol(
    string Name,
    ulong Address,
    ulong Size,
    ElfSymbolType Type,
    ElfSymbolBinding Binding,
    ushort SectionIndex,
    int Index)
{
    /// <summary>True when the symbol is defined in a section (not undefined, absolute or common).</summary>
    public bool IsDefinedInSection =>
        SectionIndex != ElfConstants.SectionUndefined && SectionIndex < ElfConstants.SectionLoReserve;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} 0x{Address:x} size {Size} {Type} {Binding}";
}
