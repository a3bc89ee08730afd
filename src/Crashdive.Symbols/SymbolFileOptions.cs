using Crashdive.Symbols.Dwarf.Index;

namespace Crashdive.Symbols;

/// <summary>How a <see cref="SymbolFile"/> is opened.</summary>
public sealed record SymbolFileOptions
{
    /// <summary>Where the name index cache lives and whether it is used.</summary>
    public NameIndexOptions Index { get; init; } = new();

    /// <summary>
    /// For relocatable files (module .ko): the address each named section was loaded at. Sections
    /// not listed stay at 0, so DWARF addresses are offsets into their sections.
    /// </summary>
    public IReadOnlyDictionary<string, ulong>? SectionLoadAddresses { get; init; }
}
