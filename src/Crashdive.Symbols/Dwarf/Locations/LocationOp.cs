namespace Crashdive.Symbols.Dwarf.Locations;

/// <summary>The DW_OP_* opcodes of location expressions (DWARF 5 section 7.7.1 and the GNU extensions).</summary>
internal static class LocationOp
{
    public const byte Addr = 0x03, Deref = 0x06;
    public const byte Const1u = 0x08, Const1s = 0x09, Const2u = 0x0a, Const2s = 0x0b, Const4u = 0x0c, Const4s = 0x0d;
    public const byte Const8u = 0x0e, Const8s = 0x0f, Constu = 0x10, Consts = 0x11;
    public const byte Dup = 0x12, Drop = 0x13, Over = 0x14, Pick = 0x15, Swap = 0x16, Rot = 0x17, Xderef = 0x18;
    public const byte Abs = 0x19, And = 0x1a, Div = 0x1b, Minus = 0x1c, Mod = 0x1d, Mul = 0x1e, Neg = 0x1f, Not = 0x20;
    public const byte Or = 0x21, Plus = 0x22, PlusUconst = 0x23, Shl = 0x24, Shr = 0x25, Shra = 0x26, Xor = 0x27;
    public const byte Bra = 0x28, Eq = 0x29, Ge = 0x2a, Gt = 0x2b, Le = 0x2c, Lt = 0x2d, Ne = 0x2e, Skip = 0x2f;
    public const byte Lit0 = 0x30, Lit31 = 0x4f, Reg0 = 0x50, Reg31 = 0x6f, Breg0 = 0x70, Breg31 = 0x8f;
    public const byte Regx = 0x90, Fbreg = 0x91, Bregx = 0x92, Piece = 0x93, DerefSize = 0x94, XderefSize = 0x95, Nop = 0x96;
    public const byte PushObjectAddress = 0x97, Call2 = 0x98, Call4 = 0x99, CallRef = 0x9a, FormTlsAddress = 0x9b;
    public const byte CallFrameCfa = 0x9c, BitPiece = 0x9d, ImplicitValue = 0x9e, StackValue = 0x9f, ImplicitPointer = 0xa0;
    public const byte Addrx = 0xa1, Constx = 0xa2, EntryValue = 0xa3, ConstType = 0xa4, RegvalType = 0xa5, DerefType = 0xa6;
    public const byte XderefType = 0xa7, Convert = 0xa8, Reinterpret = 0xa9;
    public const byte GnuPushTlsAddress = 0xe0, GnuUninit = 0xf0, GnuImplicitPointer = 0xf2, GnuEntryValue = 0xf3;
    public const byte GnuParameterRef = 0xfa, GnuAddrIndex = 0xfb, GnuConstIndex = 0xfc, GnuVariableValue = 0xfd;
}
