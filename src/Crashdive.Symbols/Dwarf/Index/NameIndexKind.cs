namespace Crashdive.Symbols.Dwarf.Index;

/// <summary>What a name-index entry names. Stored in the index file: values must not change.</summary>
public enum NameIndexKind : byte
{
    /// <summary>Not indexed.</summary>
    None = 0,
    /// <summary>DW_TAG_structure_type.</summary>
    Struct = 1,
    /// <summary>DW_TAG_union_type.</summary>
    Union = 2,
    /// <summary>DW_TAG_enumeration_type.</summary>
    Enum = 3,
    /// <summary>DW_TAG_typedef.</summary>
    Typedef = 4,
    /// <summary>DW_TAG_base_type (and DW_TAG_unspecified_type).</summary>
    Base = 5,
    /// <summary>DW_TAG_variable at unit level.</summary>
    Variable = 6,
    /// <summary>DW_TAG_subprogram at unit level.</summary>
    Function = 7,
    /// <summary>DW_TAG_enumerator: the entry's DIE is the enumeration type that holds it.</summary>
    Enumerator = 8,
    /// <summary>DW_TAG_class_type.</summary>
    Class = 9,
}
