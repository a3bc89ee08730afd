namespace Crashdive.Symbols.Types;

/// <summary>What a <see cref="Type"/> is.</summary>
public enum TypeKind
{
    /// <summary>void (also DW_TAG_unspecified_type).</summary>
    Void,
    /// <summary>A base type: integer, character, boolean or floating point.</summary>
    Base,
    /// <summary>A pointer (or C++ reference).</summary>
    Pointer,
    /// <summary>struct.</summary>
    Struct,
    /// <summary>union.</summary>
    Union,
    /// <summary>C++ class.</summary>
    Class,
    /// <summary>enum.</summary>
    Enum,
    /// <summary>typedef.</summary>
    Typedef,
    /// <summary>An array.</summary>
    Array,
    /// <summary>A function (subroutine type or subprogram).</summary>
    Function,
    /// <summary>const / volatile / restrict / _Atomic applied to another type.</summary>
    Qualified,
    /// <summary>A DIE of a tag this reader does not model (kept, never an error).</summary>
    Unknown,
}
