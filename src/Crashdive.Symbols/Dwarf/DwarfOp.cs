namespace Crashdive.Symbols.Dwarf;

/// <summary>The DWARF expression opcodes (DW_OP_*) this reader evaluates: constant addresses and member offsets.</summary>
internal static class DwarfOp
{
    public const byte Addr = 0x03;        // DW_OP_addr
    public const byte Const1u = 0x08;     // DW_OP_const1u
    public const byte Const2u = 0x0a;     // DW_OP_const2u
    public const byte Const4u = 0x0c;     // DW_OP_const4u
    public const byte Const8u = 0x0e;     // DW_OP_const8u
    public const byte Constu = 0x10;      // DW_OP_constu
    public const byte Plus = 0x22;        // DW_OP_plus
    public const byte PlusUconst = 0x23;  // DW_OP_plus_uconst
    public const byte Lit0 = 0x30;        // DW_OP_lit0
    public const byte Lit31 = 0x4f;       // DW_OP_lit31
    public const byte Addrx = 0xa1;       // DW_OP_addrx
    public const byte GnuAddrIndex = 0xfb; // DW_OP_GNU_addr_index
}
