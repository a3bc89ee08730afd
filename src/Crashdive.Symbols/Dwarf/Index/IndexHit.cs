namespace Crashdive.Symbols.Dwarf.Index;

/// <summary>A verified name-index result: the DIE (for enumerators, the enumeration type holding it), its kind, and whether it is a declaration.</summary>
public readonly record struct IndexHit(ulong DieKey, NameIndexKind Kind, bool IsDeclaration);
