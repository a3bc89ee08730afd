namespace Crashdive.Symbols.Types;

/// <summary>C type qualifiers.</summary>
[Flags]
public enum Qualifiers
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>const (DW_TAG_const_type).</summary>
    Const = 1,
    /// <summary>volatile (DW_TAG_volatile_type).</summary>
    Volatile = 2,
    /// <summary>restrict (DW_TAG_restrict_type).</summary>
    Restrict = 4,
    /// <summary>_Atomic (DW_TAG_atomic_type).</summary>
    Atomic = 8,
}
