using System.Buffers.Binary;

namespace Crashdive.Symbols.Dwarf;

/// <summary>
/// The two kinds of DWARF expression that static type and symbol information needs: member
/// offsets (DW_AT_data_member_location as an exprloc) and static addresses (DW_AT_location that is
/// a single DW_OP_addr or DW_OP_addrx). Anything else is reported as not evaluable, not guessed.
/// </summary>
internal static class DwarfExpression
{
    /// <summary>
    /// Evaluates a member-location expression with the structure's address (0) pushed first, as
    /// DWARF 5 section 5.7.6 specifies. Supports constants, DW_OP_plus and DW_OP_plus_uconst.
    /// </summary>
    public static bool TryEvaluateMemberOffset(ReadOnlySpan<byte> expr, out ulong offset)
    {
        Span<ulong> stack = stackalloc ulong[8];
        int sp = 0;
        stack[sp++] = 0;
        int pos = 0;
        offset = 0;
        while (pos < expr.Length)
        {
            byte op = expr[pos++];
            ulong value;
            switch (op)
            {
                case DwarfOp.PlusUconst:
                    if (!ReadULeb(expr, ref pos, out value) || sp < 1)
                        return false;
                    stack[sp - 1] += value;
                    continue;
                case DwarfOp.Plus:
                    if (sp < 2)
                        return false;
                    stack[sp - 2] += stack[sp - 1];
                    sp--;
                    continue;
                case DwarfOp.Constu:
                    if (!ReadULeb(expr, ref pos, out value))
                        return false;
                    break;
                case DwarfOp.Const1u:
                    if (pos + 1 > expr.Length) return false;
                    value = expr[pos];
                    pos += 1;
                    break;
                case DwarfOp.Const2u:
                    if (pos + 2 > expr.Length) return false;
                    value = BinaryPrimitives.ReadUInt16LittleEndian(expr[pos..]);
                    pos += 2;
                    break;
                case DwarfOp.Const4u:
                    if (pos + 4 > expr.Length) return false;
                    value = BinaryPrimitives.ReadUInt32LittleEndian(expr[pos..]);
                    pos += 4;
                    break;
                case DwarfOp.Const8u:
                    if (pos + 8 > expr.Length) return false;
                    value = BinaryPrimitives.ReadUInt64LittleEndian(expr[pos..]);
                    pos += 8;
                    break;
                default:
                    if (op >= DwarfOp.Lit0 && op <= DwarfOp.Lit31)
                    {
                        value = (ulong)(op - DwarfOp.Lit0);
                        break;
                    }
                    return false;
            }
            if (sp == stack.Length)
                return false;
            stack[sp++] = value;
        }
        if (sp < 1)
            return false;
        offset = stack[sp - 1];
        return true;
    }

    /// <summary>
    /// The address of a location expression that is exactly DW_OP_addr A or DW_OP_addrx I
    /// (a variable with static storage). False for anything else (registers, stack, pieces, TLS).
    /// </summary>
    public static bool TryGetStaticAddress(ReadOnlySpan<byte> expr, DwarfUnit unit, out ulong address)
    {
        address = 0;
        if (expr.Length == 0)
            return false;
        int pos = 1;
        switch (expr[0])
        {
            case DwarfOp.Addr:
                if (expr.Length != 1 + unit.AddressSize)
                    return false;
                address = unit.AddressSize switch
                {
                    8 => BinaryPrimitives.ReadUInt64LittleEndian(expr[1..]),
                    4 => BinaryPrimitives.ReadUInt32LittleEndian(expr[1..]),
                    _ => 0,
                };
                return unit.AddressSize is 4 or 8;
            case DwarfOp.Addrx:
            case DwarfOp.GnuAddrIndex:
                if (!ReadULeb(expr, ref pos, out ulong index) || pos != expr.Length)
                    return false;
                address = unit.File.ReadAddressIndex(unit, index, unit.AddrBase);
                return true;
            default:
                return false;
        }
    }

    private static bool ReadULeb(ReadOnlySpan<byte> expr, ref int pos, out ulong value)
    {
        int n = Leb128.TryReadUnsigned(expr[pos..], out value);
        if (n <= 0)
            return false;
        pos += n;
        return true;
    }
}
