using Crashdive.Symbols.Types;

namespace Crashdive.Symbols;

/// <summary>An enumeration constant found by name, with the enum type that defines it.</summary>
public sealed record EnumeratorMatch(EnumType Type, Enumerator Enumerator);
