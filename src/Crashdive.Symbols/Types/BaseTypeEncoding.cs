namespace Crashdive.Symbols.Types;

/// <summary>DW_ATE_* encodings of base types. Open: other values are kept as they are.</summary>
public enum BaseTypeEncoding : byte
{
    /// <summary>Not given.</summary>
    None = 0,
    /// <summary>DW_ATE_address.</summary>
    Address = 0x1,
    /// <summary>DW_ATE_boolean (_Bool).</summary>
    Boolean = 0x2,
    /// <summary>DW_ATE_complex_float.</summary>
    ComplexFloat = 0x3,
    /// <summary>DW_ATE_float.</summary>
    Float = 0x4,
    /// <summary>DW_ATE_signed.</summary>
    Signed = 0x5,
    /// <summary>DW_ATE_signed_char.</summary>
    SignedChar = 0x6,
    /// <summary>DW_ATE_unsigned.</summary>
    Unsigned = 0x7,
    /// <summary>DW_ATE_unsigned_char.</summary>
    UnsignedChar = 0x8,
    /// <summary>DW_ATE_UTF.</summary>
    Utf = 0x10,
}
