namespace Crashdive.Symbols.Dwarf.Frames;

/// <summary>
/// The row of the call frame table (DWARF CFI) that applies at one code address: how to compute the
/// CFA (a register plus an offset; unknown when the table uses a DW_CFA_def_cfa_expression) and how to
/// recover each of the first <see cref="Registers"/> DWARF registers of the caller.
/// </summary>
public sealed class CallFrameRow
{
    /// <summary>Registers described (x86-64 DWARF 0-16: the general registers and the return address).</summary>
    public const int Registers = 17;

    internal CallFrameRow(bool cfaKnown, int cfaRegister, long cfaOffset, RegisterRule[] rules, int returnAddressRegister)
    {
        CfaKnown = cfaKnown;
        CfaRegister = cfaRegister;
        CfaOffset = cfaOffset;
        _rules = rules;
        ReturnAddressRegister = returnAddressRegister;
    }

    private readonly RegisterRule[] _rules;

    /// <summary>False when the CFA is given by an expression this reader does not evaluate.</summary>
    public bool CfaKnown { get; }

    /// <summary>The register the CFA is computed from.</summary>
    public int CfaRegister { get; }

    /// <summary>Added to <see cref="CfaRegister"/>.</summary>
    public long CfaOffset { get; }

    /// <summary>The CIE's return address column (16 on x86-64).</summary>
    public int ReturnAddressRegister { get; }

    /// <summary>The rule for DWARF register <paramref name="register"/> (Unspecified past <see cref="Registers"/>).</summary>
    public RegisterRule Rule(int register) =>
        (uint)register < (uint)_rules.Length ? _rules[register] : default;
}
