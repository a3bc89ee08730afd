namespace Crashdive.Symbols.Elf;

/// <summary>One section of an ELF file, as its section header describes it. Immutable.</summary>
public sealed class ElfSection
{
    internal ElfSection(int index, string name, in Elf64SectionHeader header, long headerOffset)
    {
        Index = index;
        Name = name;
        Type = header.Type;
        Flags = header.Flags;
        Address = header.Address;
        FileOffset = header.Offset;
        Size = header.Size;
        Link = header.Link;
        Info = header.Info;
        AddressAlign = header.AddressAlign;
        EntrySize = header.EntrySize;
        HeaderOffset = headerOffset;
    }

    /// <summary>Index in the section header table.</summary>
    public int Index { get; }

    /// <summary>Name from the section name string table (empty for the null section).</summary>
    public string Name { get; }

    /// <summary>sh_type (SHT_*); open-ended.</summary>
    public uint Type { get; }

    /// <summary>sh_flags (SHF_*).</summary>
    public ulong Flags { get; }

    /// <summary>sh_addr: link-time address (0 for non-allocated sections and in relocatable files).</summary>
    public ulong Address { get; }

    /// <summary>sh_offset.</summary>
    public ulong FileOffset { get; }

    /// <summary>sh_size: bytes in the file (compressed size when <see cref="IsCompressed"/>).</summary>
    public ulong Size { get; }

    /// <summary>sh_link.</summary>
    public uint Link { get; }

    /// <summary>sh_info.</summary>
    public uint Info { get; }

    /// <summary>sh_addralign.</summary>
    public ulong AddressAlign { get; }

    /// <summary>sh_entsize.</summary>
    public ulong EntrySize { get; }

    /// <summary>File offset of this section's header, for error messages.</summary>
    public long HeaderOffset { get; }

    /// <summary>True for SHF_COMPRESSED sections (an Elf64_Chdr precedes zlib or zstd data).</summary>
    public bool IsCompressed => (Flags & ElfConstants.SectionFlagCompressed) != 0;

    /// <summary>True for SHT_NOBITS (.bss): no bytes in the file.</summary>
    public bool IsNoBits => Type == ElfConstants.SectionTypeNoBits;

    /// <inheritdoc/>
    public override string ToString() => $"[{Index}] {Name} addr 0x{Address:x} off 0x{FileOffset:x} size 0x{Size:x}";
}
