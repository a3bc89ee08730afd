namespace Crashdive.Symbols.Dwarf.Frames;

/// <summary>One register's recovery rule in a row of the call frame table.</summary>
/// <param name="Kind">The rule.</param>
/// <param name="Offset">The CFA offset of <see cref="RegisterRuleKind.Offset"/> and <see cref="RegisterRuleKind.ValOffset"/>.</param>
/// <param name="Register">The register of <see cref="RegisterRuleKind.Register"/>.</param>
public readonly record struct RegisterRule(RegisterRuleKind Kind, long Offset, int Register);
