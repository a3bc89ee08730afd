namespace Crashdive.Symbols.Dwarf;

/// <summary>What form sizes depend on: address size, offset size (4 or 8) and whether DW_FORM_ref_addr is address-sized (DWARF 2).</summary>
internal readonly record struct UnitFormat(byte AddressSize, byte OffsetSize, ushort Version)
{
    /// <summary>Size of DW_FORM_ref_addr: the address size in DWARF 2, the offset size after.</summary>
    public int RefAddrSize => Version <= 2 ? AddressSize : OffsetSize;
}
