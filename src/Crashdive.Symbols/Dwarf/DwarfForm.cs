namespace Crashdive.Symbols.Dwarf;

/// <summary>DWARF attribute forms (DW_FORM_*). The space is open: <see cref="ToName"/> prints values it does not list as "Unknown (0x4109)".</summary>
public static class DwarfForm
{
    /// <summary>DW_FORM_addr.</summary>
    public const ushort Addr = 0x1;
    /// <summary>DW_FORM_block2.</summary>
    public const ushort Block2 = 0x3;
    /// <summary>DW_FORM_block4.</summary>
    public const ushort Block4 = 0x4;
    /// <summary>DW_FORM_data2.</summary>
    public const ushort Data2 = 0x5;
    /// <summary>DW_FORM_data4.</summary>
    public const ushort Data4 = 0x6;
    /// <summary>DW_FORM_data8.</summary>
    public const ushort Data8 = 0x7;
    /// <summary>DW_FORM_string.</summary>
    public const ushort String = 0x8;
    /// <summary>DW_FORM_block.</summary>
    public const ushort Block = 0x9;
    /// <summary>DW_FORM_block1.</summary>
    public const ushort Block1 = 0xa;
    /// <summary>DW_FORM_data1.</summary>
    public const ushort Data1 = 0xb;
    /// <summary>DW_FORM_flag.</summary>
    public const ushort Flag = 0xc;
    /// <summary>DW_FORM_sdata.</summary>
    public const ushort Sdata = 0xd;
    /// <summary>DW_FORM_strp.</summary>
    public const ushort Strp = 0xe;
    /// <summary>DW_FORM_udata.</summary>
    public const ushort Udata = 0xf;
    /// <summary>DW_FORM_ref_addr.</summary>
    public const ushort RefAddr = 0x10;
    /// <summary>DW_FORM_ref1.</summary>
    public const ushort Ref1 = 0x11;
    /// <summary>DW_FORM_ref2.</summary>
    public const ushort Ref2 = 0x12;
    /// <summary>DW_FORM_ref4.</summary>
    public const ushort Ref4 = 0x13;
    /// <summary>DW_FORM_ref8.</summary>
    public const ushort Ref8 = 0x14;
    /// <summary>DW_FORM_ref_udata.</summary>
    public const ushort RefUdata = 0x15;
    /// <summary>DW_FORM_indirect.</summary>
    public const ushort Indirect = 0x16;
    /// <summary>DW_FORM_sec_offset.</summary>
    public const ushort SecOffset = 0x17;
    /// <summary>DW_FORM_exprloc.</summary>
    public const ushort Exprloc = 0x18;
    /// <summary>DW_FORM_flag_present.</summary>
    public const ushort FlagPresent = 0x19;
    /// <summary>DW_FORM_strx.</summary>
    public const ushort Strx = 0x1a;
    /// <summary>DW_FORM_addrx.</summary>
    public const ushort Addrx = 0x1b;
    /// <summary>DW_FORM_ref_sup4.</summary>
    public const ushort RefSup4 = 0x1c;
    /// <summary>DW_FORM_strp_sup.</summary>
    public const ushort StrpSup = 0x1d;
    /// <summary>DW_FORM_data16.</summary>
    public const ushort Data16 = 0x1e;
    /// <summary>DW_FORM_line_strp.</summary>
    public const ushort LineStrp = 0x1f;
    /// <summary>DW_FORM_ref_sig8.</summary>
    public const ushort RefSig8 = 0x20;
    /// <summary>DW_FORM_implicit_const.</summary>
    public const ushort ImplicitConst = 0x21;
    /// <summary>DW_FORM_loclistx.</summary>
    public const ushort Loclistx = 0x22;
    /// <summary>DW_FORM_rnglistx.</summary>
    public const ushort Rnglistx = 0x23;
    /// <summary>DW_FORM_ref_sup8.</summary>
    public const ushort RefSup8 = 0x24;
    /// <summary>DW_FORM_strx1.</summary>
    public const ushort Strx1 = 0x25;
    /// <summary>DW_FORM_strx2.</summary>
    public const ushort Strx2 = 0x26;
    /// <summary>DW_FORM_strx3.</summary>
    public const ushort Strx3 = 0x27;
    /// <summary>DW_FORM_strx4.</summary>
    public const ushort Strx4 = 0x28;
    /// <summary>DW_FORM_addrx1.</summary>
    public const ushort Addrx1 = 0x29;
    /// <summary>DW_FORM_addrx2.</summary>
    public const ushort Addrx2 = 0x2a;
    /// <summary>DW_FORM_addrx3.</summary>
    public const ushort Addrx3 = 0x2b;
    /// <summary>DW_FORM_addrx4.</summary>
    public const ushort Addrx4 = 0x2c;
    /// <summary>DW_FORM_GNU_addr_index.</summary>
    public const ushort GnuAddrIndex = 0x1f01;
    /// <summary>DW_FORM_GNU_str_index.</summary>
    public const ushort GnuStrIndex = 0x1f02;
    /// <summary>DW_FORM_GNU_ref_alt.</summary>
    public const ushort GnuRefAlt = 0x1f20;
    /// <summary>DW_FORM_GNU_strp_alt.</summary>
    public const ushort GnuStrpAlt = 0x1f21;

    private static readonly Dictionary<ushort, string> Names = new()
    {
        [Addr] = "DW_FORM_addr",
        [Block2] = "DW_FORM_block2",
        [Block4] = "DW_FORM_block4",
        [Data2] = "DW_FORM_data2",
        [Data4] = "DW_FORM_data4",
        [Data8] = "DW_FORM_data8",
        [String] = "DW_FORM_string",
        [Block] = "DW_FORM_block",
        [Block1] = "DW_FORM_block1",
        [Data1] = "DW_FORM_data1",
        [Flag] = "DW_FORM_flag",
        [Sdata] = "DW_FORM_sdata",
        [Strp] = "DW_FORM_strp",
        [Udata] = "DW_FORM_udata",
        [RefAddr] = "DW_FORM_ref_addr",
        [Ref1] = "DW_FORM_ref1",
        [Ref2] = "DW_FORM_ref2",
        [Ref4] = "DW_FORM_ref4",
        [Ref8] = "DW_FORM_ref8",
        [RefUdata] = "DW_FORM_ref_udata",
        [Indirect] = "DW_FORM_indirect",
        [SecOffset] = "DW_FORM_sec_offset",
        [Exprloc] = "DW_FORM_exprloc",
        [FlagPresent] = "DW_FORM_flag_present",
        [Strx] = "DW_FORM_strx",
        [Addrx] = "DW_FORM_addrx",
        [RefSup4] = "DW_FORM_ref_sup4",
        [StrpSup] = "DW_FORM_strp_sup",
        [Data16] = "DW_FORM_data16",
        [LineStrp] = "DW_FORM_line_strp",
        [RefSig8] = "DW_FORM_ref_sig8",
        [ImplicitConst] = "DW_FORM_implicit_const",
        [Loclistx] = "DW_FORM_loclistx",
        [Rnglistx] = "DW_FORM_rnglistx",
        [RefSup8] = "DW_FORM_ref_sup8",
        [Strx1] = "DW_FORM_strx1",
        [Strx2] = "DW_FORM_strx2",
        [Strx3] = "DW_FORM_strx3",
        [Strx4] = "DW_FORM_strx4",
        [Addrx1] = "DW_FORM_addrx1",
        [Addrx2] = "DW_FORM_addrx2",
        [Addrx3] = "DW_FORM_addrx3",
        [Addrx4] = "DW_FORM_addrx4",
        [GnuAddrIndex] = "DW_FORM_GNU_addr_index",
        [GnuStrIndex] = "DW_FORM_GNU_str_index",
        [GnuRefAlt] = "DW_FORM_GNU_ref_alt",
        [GnuStrpAlt] = "DW_FORM_GNU_strp_alt",
    };

    /// <summary>The DWARF name of <paramref name="value"/> ("DW_FORM_addr"), or "Unknown (0x..)".</summary>
    public static string ToName(ushort value) => Names.TryGetValue(value, out string? n) ? n : $"Unknown (0x{value:x})";
}
