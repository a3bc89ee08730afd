namespace Crashdive.Symbols.Dwarf;

/// <summary>One (attribute, form) pair of an abbreviation, with the value of DW_FORM_implicit_const.</summary>
internal readonly record struct AttributeSpec(ushort Attribute, ushort Form, long ImplicitConst);
