namespace Crashdive.Symbols.Dwarf;

/// <summary>
/// One decoded attribute. <see cref="Value"/> holds constants, addresses, flags, section offsets,
/// indices (strx, addrx, rnglistx, loclistx), type signatures, and references already made
/// absolute (offsets in the unit's section). Inline strings, blocks, exprlocs and data16 are
/// located by <see cref="DataOffset"/> and <see cref="DataLength"/> in the unit's section.
/// </summary>
internal struct AttributeValue
{
    /// <summary>DW_AT_*.</summary>
    public ushort Attribute;

    /// <summary>The form the value had (after DW_FORM_indirect).</summary>
    public ushort Form;

    /// <summary>Numeric value; for DW_FORM_sdata and implicit_const, the two's complement of the signed value.</summary>
    public ulong Value;

    /// <summary>Start of inline bytes (string, block, exprloc, data16) in the unit's section.</summary>
    public int DataOffset;

    /// <summary>Length of inline bytes.</summary>
    public int DataLength;

    /// <summary>True for forms whose value is a signed number (sdata, implicit_const).</summary>
    public readonly bool IsSigned => Form is DwarfForm.Sdata or DwarfForm.ImplicitConst;

    /// <summary>True for the reference forms within the same section (ref1..8, ref_udata, ref_addr).</summary>
    public readonly bool IsReference => Form is DwarfForm.Ref1 or DwarfForm.Ref2 or DwarfForm.Ref4 or DwarfForm.Ref8 or DwarfForm.RefUdata or DwarfForm.RefAddr;

    /// <summary>True for constant-class forms (data1..8, sdata, udata, implicit_const).</summary>
    public readonly bool IsConstant => Form is DwarfForm.Data1 or DwarfForm.Data2 or DwarfForm.Data4 or DwarfForm.Data8
        or DwarfForm.Sdata or DwarfForm.Udata or DwarfForm.ImplicitConst;

    /// <summary>True for block-class forms (block, block1/2/4, exprloc).</summary>
    public readonly bool IsBlock => Form is DwarfForm.Block or DwarfForm.Block1 or DwarfForm.Block2 or DwarfForm.Block4 or DwarfForm.Exprloc;

    /// <summary>True for string-class forms.</summary>
    public readonly bool IsString => Form is DwarfForm.String or DwarfForm.Strp or DwarfForm.LineStrp or DwarfForm.Strx
        or DwarfForm.Strx1 or DwarfForm.Strx2 or DwarfForm.Strx3 or DwarfForm.Strx4 or DwarfForm.GnuStrIndex;
}
