namespace Crashdive.Symbols.Dwarf.Frames;

/// <summary>How a caller's register is recovered (DWARF 5 section 6.4.1).</summary>
public enum RegisterRuleKind : byte
{
    /// <summary>The table says nothing: by the x86-64 ABI, callee-saved registers keep their value, the others are lost.</summary>
    Unspecified,
    /// <summary>The register has no recoverable value (DW_CFA_undefined).</summary>
    Undefined,
    /// <summary>The register keeps the callee's value (DW_CFA_same_value).</summary>
    SameValue,
    /// <summary>Saved in memory at CFA + <see cref="RegisterRule.Offset"/>.</summary>
    Offset,
    /// <summary>The value is CFA + <see cref="RegisterRule.Offset"/>.</summary>
    ValOffset,
    /// <summary>Held in register <see cref="RegisterRule.Register"/> of the callee.</summary>
    Register,
    /// <summary>A DWARF expression (DW_CFA_expression, DW_CFA_val_expression): not evaluated, the value is not known.</summary>
    Expression,
}
