namespace Crashdive.Symbols;

public sealed partial class SymbolFile
{
    /// <summary>True once the DWARF name index is built or mapped from its cache (the first type or variable lookup does it).</summary>
    public bool IsIndexed => _index.IsValueCreated;
}
