using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Elf;
using Crashdive.Symbols.Types;

namespace Crashdive.Symbols;

/// <summary>
/// The symbols and types of one ELF file (vmlinux or a module .ko). Everything is lazy: opening
/// maps the file and reads its section headers; the symbol table, the DWARF name index (or its
/// cache) and each type are read when first needed. Addresses are link-time addresses.
/// </summary>
public sealed partial class SymbolFile : IDisposable
{
    private readonly SymbolFileOptions _options;
    private readonly Lazy<DwarfFile> _dwarf;
    private readonly Lazy<NameIndex> _index;
    private readonly Lazy<TypeFactory> _types;

    private SymbolFile(ElfImage elf, SymbolFileOptions options)
    {
        Elf = elf;
        _options = options;
        _dwarf = new Lazy<DwarfFile>(() => new DwarfFile(Elf));
        _index = new Lazy<NameIndex>(() => NameIndex.Open(Dwarf, _options.Index));
        _types = new Lazy<TypeFactory>(() => new TypeFactory(Dwarf, Index));
    }

    /// <summary>Opens <paramref name="path"/>; a malformed file gives a <see cref="DebugInfoFormatException"/>.</summary>
    public static SymbolFile Open(string path, SymbolFileOptions? options = null) =>
        new(ElfImage.Open(path, options?.SectionLoadAddresses), options ?? new SymbolFileOptions());

    /// <summary>The file's path.</summary>
    public string Path => Elf.Path;

    /// <summary>The ELF image.</summary>
    public ElfImage Elf { get; }

    /// <summary>The ELF symbol table.</summary>
    public ElfSymbolTable Symbols => Elf.Symbols;

    /// <summary>The GNU build-id in hex, or null.</summary>
    public string? BuildId => Elf.BuildIdHex;

    /// <summary>The DWARF data (sections opened on first use).</summary>
    public DwarfFile Dwarf => _dwarf.Value;

    /// <summary>True when the file has DWARF debugging information.</summary>
    public bool HasDebugInfo => Dwarf.HasDebugInfo;

    /// <summary>The name index, from the cache or built by scanning on first use.</summary>
    public NameIndex Index => _index.Value;

    /// <summary>True once <see cref="Index"/> has been opened (read from the cache or built).</summary>
    public bool IsIndexOpened => _index.IsValueCreated;

    /// <summary>The type builder and its per-DIE cache.</summary>
    public TypeFactory Types => _types.Value;

    /// <summary>"sym+off" for <paramref name="address"/> from the ELF symbol table.</summary>
    public bool TryLookupAddress(ulong address, out SymbolOffset result) => Symbols.TryFindByAddress(address, out result);

    /// <summary>Unmaps the file and the index cache.</summary>
    public void Dispose()
    {
        if (_index.IsValueCreated)
            _index.Value.Dispose();
        Elf.Dispose();
    }
}
