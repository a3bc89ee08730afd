using Crashdive.Symbols;

namespace Crashdive.Kernel;

/// <summary>A module's debuginfo, opened with its sections placed where the module was loaded.</summary>
/// <param name="Name">The module's name (<c>nfnetlink_queue</c>).</param>
/// <param name="Path">The .ko file it came from.</param>
/// <param name="Symbols">Its symbols and types, at run-time addresses.</param>
public sealed record DebugFile(string Name, string Path, SymbolFile Symbols);
