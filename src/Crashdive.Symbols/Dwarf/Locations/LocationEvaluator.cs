using System.Buffers.Binary;

namespace Crashdive.Symbols.Dwarf.Locations;

/// <summary>
/// Evaluates a DWARF location description (DWARF 5 section 2.5-2.6) for one frame: the stack machine
/// (constants, arithmetic, comparisons, branches, deref), register and memory locations, DW_OP_fbreg,
/// DW_OP_call_frame_cfa, implicit and stack values, and pieces. Everything read from the file is distrusted:
/// the expression's length, the stack depth and the number of steps are bounded, every operand is checked
/// to lie inside the expression, and a branch outside it is an error. An entry value (the value a
/// register had on entry, DW_OP_entry_value / DW_OP_GNU_entry_value) or a parameter reference is not
/// known in a dump: the variable is then optimized out, as drgn reports it, never guessed.
/// </summary>
internal static class LocationEvaluator
{
    /// <summary>Longest expression evaluated (GCC's longest in a vmlinux are a few dozen bytes).</summary>
    public const int MaxExpressionLength = 4096;

    /// <summary>Deepest stack.</summary>
    public const int MaxStack = 64;

    /// <summary>Most operations executed (branches may loop).</summary>
    public const int MaxSteps = 10_000;

    /// <summary>Most pieces composed into one value.</summary>
    public const int MaxPieces = 256;

    /// <summary>Largest value composed from pieces or held as a value, in bytes.</summary>
    public const int MaxValueSize = 1 << 16;

    private enum Simple { None, Address, Register, StackValue, Implicit, Unknown }

    /// <summary>
    /// Evaluates <paramref name="expr"/> for a variable of <paramref name="size"/> bytes. <paramref name="frameBase"/>
    /// is the value of the function's DW_AT_frame_base (null when unknown); <paramref name="unit"/> (may be
    /// null) resolves DW_OP_addrx/constx and gives the address size.
    /// </summary>
    public static VariableLocation Evaluate(ReadOnlySpan<byte> expr, ILocationContext context, int size, ulong? frameBase, DwarfUnit? unit)
    {
        if (expr.Length == 0)
            return VariableLocation.OptimizedOut("empty location");
        if (expr.Length > MaxExpressionLength)
            return VariableLocation.Unavailable($"location expression of {expr.Length} bytes is longer than {MaxExpressionLength}");
        if (size < 0 || size > MaxValueSize)
            return VariableLocation.Unavailable($"value size {size} is out of range");
        try
        {
            return Run(expr, context, size, frameBase, unit);
        }
        catch (LocationException e)
        {
            return e.OptimizedOut ? VariableLocation.OptimizedOut(e.Message) : VariableLocation.Unavailable(e.Message);
        }
        catch (DebugInfoFormatException e)
        {
            return VariableLocation.Unavailable(e.Message);
        }
    }

    private static VariableLocation Run(ReadOnlySpan<byte> expr, ILocationContext ctx, int size, ulong? frameBase, DwarfUnit? unit)
    {
        Span<ulong> stack = stackalloc ulong[MaxStack];
        int sp = 0;
        int pos = 0;
        int steps = 0;
        int addressSize = unit?.AddressSize ?? 8;
        Simple kind = Simple.None;
        int register = 0;
        int implicitStart = 0, implicitLength = 0;
        byte[]? composed = null;
        int composedLength = 0, pieces = 0;
        bool missingPiece = false;
        string? missingReason = null;

        while (pos < expr.Length)
        {
            if (++steps > MaxSteps)
                throw new LocationException($"location expression ran more than {MaxSteps} steps");
            int opAt = pos;
            byte op = expr[pos++];
            if (kind is Simple.Register or Simple.StackValue or Simple.Implicit or Simple.Unknown && op is not (LocationOp.Piece or LocationOp.BitPiece))
                throw new LocationException($"operation 0x{op:x2} at {opAt} follows a location that must end the expression or a piece");
            ulong a, b;
            switch (op)
            {
                case LocationOp.Addr:
                    Push(stack, ref sp, ReadFixed(expr, ref pos, addressSize) + ctx.AddressBias);
                    break;
                case LocationOp.Addrx:
                case LocationOp.GnuAddrIndex:
                    if (unit == null)
                        throw new LocationException("DW_OP_addrx without a unit");
                    Push(stack, ref sp, unit.File.ReadAddressIndex(unit, ReadULeb(expr, ref pos), unit.AddrBase) + ctx.AddressBias);
                    break;
                case LocationOp.Constx:
                case LocationOp.GnuConstIndex:
                    if (unit == null)
                        throw new LocationException("DW_OP_constx without a unit");
                    Push(stack, ref sp, unit.File.ReadAddressIndex(unit, ReadULeb(expr, ref pos), unit.AddrBase));
                    break;
                case LocationOp.Deref:
                    Push(stack, ref sp, ReadMemory(ctx, Pop(stack, ref sp), addressSize));
                    break;
                case LocationOp.DerefSize:
                {
                    int n = ReadByte(expr, ref pos);
                    if (n is < 1 or > 8)
                        throw new LocationException($"DW_OP_deref_size of {n} bytes");
                    Push(stack, ref sp, ReadMemory(ctx, Pop(stack, ref sp), n));
                    break;
                }
                case LocationOp.Const1u: Push(stack, ref sp, ReadFixed(expr, ref pos, 1)); break;
                case LocationOp.Const1s: Push(stack, ref sp, (ulong)(sbyte)ReadFixed(expr, ref pos, 1)); break;
                case LocationOp.Const2u: Push(stack, ref sp, ReadFixed(expr, ref pos, 2)); break;
                case LocationOp.Const2s: Push(stack, ref sp, (ulong)(short)ReadFixed(expr, ref pos, 2)); break;
                case LocationOp.Const4u: Push(stack, ref sp, ReadFixed(expr, ref pos, 4)); break;
                case LocationOp.Const4s: Push(stack, ref sp, (ulong)(int)ReadFixed(expr, ref pos, 4)); break;
                case LocationOp.Const8u:
                case LocationOp.Const8s: Push(stack, ref sp, ReadFixed(expr, ref pos, 8)); break;
                case LocationOp.Constu: Push(stack, ref sp, ReadULeb(expr, ref pos)); break;
                case LocationOp.Consts: Push(stack, ref sp, (ulong)ReadSLeb(expr, ref pos)); break;
                case LocationOp.Dup: a = Peek(stack, sp, 0); Push(stack, ref sp, a); break;
                case LocationOp.Drop: Pop(stack, ref sp); break;
                case LocationOp.Over: a = Peek(stack, sp, 1); Push(stack, ref sp, a); break;
                case LocationOp.Pick:
                {
                    int i = ReadByte(expr, ref pos);
                    a = Peek(stack, sp, i);
                    Push(stack, ref sp, a);
                    break;
                }
                case LocationOp.Swap:
                    Need(sp, 2);
                    (stack[sp - 1], stack[sp - 2]) = (stack[sp - 2], stack[sp - 1]);
                    break;
                case LocationOp.Rot:
                    Need(sp, 3);
                    (stack[sp - 1], stack[sp - 2], stack[sp - 3]) = (stack[sp - 2], stack[sp - 3], stack[sp - 1]);
                    break;
                case LocationOp.Abs: a = Pop(stack, ref sp); Push(stack, ref sp, (long)a < 0 ? (ulong)-(long)a : a); break;
                case LocationOp.Neg: a = Pop(stack, ref sp); Push(stack, ref sp, (ulong)-(long)a); break;
                case LocationOp.Not: a = Pop(stack, ref sp); Push(stack, ref sp, ~a); break;
                case LocationOp.PlusUconst: a = Pop(stack, ref sp); Push(stack, ref sp, a + ReadULeb(expr, ref pos)); break;
                case LocationOp.And: case LocationOp.Div: case LocationOp.Minus: case LocationOp.Mod: case LocationOp.Mul:
                case LocationOp.Or: case LocationOp.Plus: case LocationOp.Shl: case LocationOp.Shr: case LocationOp.Shra:
                case LocationOp.Xor: case LocationOp.Eq: case LocationOp.Ge: case LocationOp.Gt: case LocationOp.Le:
                case LocationOp.Lt: case LocationOp.Ne:
                    b = Pop(stack, ref sp);
                    a = Pop(stack, ref sp);
                    Push(stack, ref sp, Binary(op, a, b));
                    break;
                case LocationOp.Skip:
                {
                    short offset = (short)ReadFixed(expr, ref pos, 2); // relative to the end of the operand
                    pos = Branch(expr, pos, offset);
                    break;
                }
                case LocationOp.Bra:
                {
                    short offset = (short)ReadFixed(expr, ref pos, 2);
                    if (Pop(stack, ref sp) != 0)
                        pos = Branch(expr, pos, offset);
                    break;
                }
                case LocationOp.Nop:
                    break;
                case LocationOp.Regx:
                    register = CheckRegister(ReadULeb(expr, ref pos));
                    kind = Simple.Register;
                    break;
                case LocationOp.Bregx:
                {
                    int r = CheckRegister(ReadULeb(expr, ref pos));
                    long offset = ReadSLeb(expr, ref pos);
                    Push(stack, ref sp, RegisterValue(ctx, r) + (ulong)offset);
                    break;
                }
                case LocationOp.Fbreg:
                {
                    long offset = ReadSLeb(expr, ref pos);
                    if (frameBase is not ulong fb)
                        throw new LocationException("the frame base is not known", optimizedOut: true);
                    Push(stack, ref sp, fb + (ulong)offset);
                    break;
                }
                case LocationOp.CallFrameCfa:
                    if (!ctx.TryGetCfa(out ulong cfa))
                        throw new LocationException("the frame's CFA is not known", optimizedOut: true);
                    Push(stack, ref sp, cfa);
                    break;
                case LocationOp.StackValue:
                    kind = Simple.StackValue;
                    break;
                case LocationOp.ImplicitValue:
                {
                    ulong n = ReadULeb(expr, ref pos);
                    if (n > (ulong)(expr.Length - pos))
                        throw new LocationException($"implicit value of {n} bytes runs past the expression");
                    implicitStart = pos;
                    implicitLength = (int)n;
                    pos += (int)n;
                    kind = Simple.Implicit;
                    break;
                }
                case LocationOp.Piece:
                {
                    ulong n = ReadULeb(expr, ref pos);
                    if (n == 0 || n > MaxValueSize || ++pieces > MaxPieces || (ulong)composedLength + n > MaxValueSize)
                        throw new LocationException($"piece of {n} bytes (piece {pieces}) is out of range");
                    composed ??= new byte[Math.Max(size, 8)];
                    if (composed.Length < composedLength + (int)n)
                        Array.Resize(ref composed, composedLength + (int)n);
                    Span<byte> dest = composed.AsSpan(composedLength, (int)n);
                    string? why = FillPiece(dest, kind, stack, sp, register, expr, implicitStart, implicitLength, ctx);
                    if (why != null)
                    {
                        missingPiece = true;
                        missingReason ??= why;
                    }
                    composedLength += (int)n;
                    kind = Simple.None;
                    sp = 0;
                    break;
                }
                case LocationOp.EntryValue:
                case LocationOp.GnuEntryValue:
                    throw new LocationException("entry value (the register's value on entry) is not known in a dump", optimizedOut: true);
                case LocationOp.GnuParameterRef:
                    throw new LocationException("parameter reference (a value from the caller) is not known in a dump", optimizedOut: true);
                case LocationOp.ImplicitPointer:
                case LocationOp.GnuImplicitPointer:
                    throw new LocationException("implicit pointer (to a value that has no address)", optimizedOut: true);
                case LocationOp.GnuUninit:
                    break;
                default:
                    if (op >= LocationOp.Lit0 && op <= LocationOp.Lit31)
                    {
                        Push(stack, ref sp, (ulong)(op - LocationOp.Lit0));
                        break;
                    }
                    if (op >= LocationOp.Reg0 && op <= LocationOp.Reg31)
                    {
                        register = op - LocationOp.Reg0;
                        kind = Simple.Register;
                        break;
                    }
                    if (op >= LocationOp.Breg0 && op <= LocationOp.Breg31)
                    {
                        long offset = ReadSLeb(expr, ref pos);
                        Push(stack, ref sp, RegisterValue(ctx, op - LocationOp.Breg0) + (ulong)offset);
                        break;
                    }
                    throw new LocationException($"DWARF operation 0x{op:x2} at {opAt} is not evaluated");
            }
        }

        if (composed != null)
        {
            if (kind != Simple.None || sp != 0)
                throw new LocationException("location ends with a location that is not a piece");
            if (missingPiece)
                return VariableLocation.OptimizedOut(missingReason ?? "part of the value is optimized out");
            if (composedLength < size)
                return VariableLocation.OptimizedOut($"pieces give {composedLength} of {size} bytes");
            if (composed.Length != Math.Max(size, composedLength))
                Array.Resize(ref composed, Math.Max(size, composedLength));
            return VariableLocation.OfValue(composed);
        }
        switch (kind)
        {
            case Simple.None:
                if (sp == 0)
                    throw new LocationException("location expression leaves nothing on the stack");
                return VariableLocation.InMemory(stack[sp - 1]);
            case Simple.Register:
            {
                if (size > 8)
                    return VariableLocation.Unavailable($"a {size}-byte value in one register");
                var bytes = new byte[size];
                if (!ctx.TryGetRegister(register, out ulong v))
                    return VariableLocation.OptimizedOut($"register {register} is not known in this frame");
                Little(v, bytes);
                return VariableLocation.OfValue(bytes);
            }
            case Simple.StackValue:
            {
                if (size > 8)
                    return VariableLocation.Unavailable($"a {size}-byte value on the DWARF stack");
                Need(sp, 1);
                var bytes = new byte[size];
                Little(stack[sp - 1], bytes);
                return VariableLocation.OfValue(bytes);
            }
            case Simple.Implicit:
            {
                var bytes = new byte[size];
                expr.Slice(implicitStart, Math.Min(implicitLength, size)).CopyTo(bytes);
                return VariableLocation.OfValue(bytes);
            }
            default:
                throw new LocationException("location is not known");
        }
    }

    private static string? FillPiece(Span<byte> dest, Simple kind, ReadOnlySpan<ulong> stack, int sp, int register,
        ReadOnlySpan<byte> expr, int implicitStart, int implicitLength, ILocationContext ctx)
    {
        switch (kind)
        {
            case Simple.None when sp == 0:
                return "part of the value is optimized out";
            case Simple.None:
                return ctx.TryReadMemory(stack[sp - 1], dest) ? null : $"memory at 0x{stack[sp - 1]:x} is not in the dump";
            case Simple.Register:
                if (dest.Length > 8)
                    return $"a {dest.Length}-byte piece of one register";
                if (!ctx.TryGetRegister(register, out ulong r))
                    return $"register {register} is not known in this frame";
                Little(r, dest);
                return null;
            case Simple.StackValue:
                if (dest.Length > 8 || sp == 0)
                    return "stack value piece is out of range";
                Little(stack[sp - 1], dest);
                return null;
            case Simple.Implicit:
                dest.Clear();
                expr.Slice(implicitStart, Math.Min(implicitLength, dest.Length)).CopyTo(dest);
                return null;
            default:
                return "part of the value is not known";
        }
    }

    private static void Little(ulong v, Span<byte> dest)
    {
        for (int i = 0; i < dest.Length; i++)
            dest[i] = i < 8 ? (byte)(v >> (8 * i)) : (byte)0;
    }

    private static ulong Binary(byte op, ulong a, ulong b) => op switch
    {
        LocationOp.And => a & b,
        LocationOp.Or => a | b,
        LocationOp.Xor => a ^ b,
        LocationOp.Plus => a + b,
        LocationOp.Minus => a - b,
        LocationOp.Mul => a * b,
        LocationOp.Div => b == 0 ? throw new LocationException("division by zero") : (ulong)((long)b == -1 ? -(long)a : (long)a / (long)b),
        LocationOp.Mod => b == 0 ? throw new LocationException("modulo by zero") : a % b,
        LocationOp.Shl => b >= 64 ? 0 : a << (int)b,
        LocationOp.Shr => b >= 64 ? 0 : a >> (int)b,
        LocationOp.Shra => (ulong)((long)a >> (int)Math.Min(b, 63)),
        LocationOp.Eq => a == b ? 1UL : 0,
        LocationOp.Ne => a != b ? 1UL : 0,
        LocationOp.Ge => (long)a >= (long)b ? 1UL : 0,
        LocationOp.Gt => (long)a > (long)b ? 1UL : 0,
        LocationOp.Le => (long)a <= (long)b ? 1UL : 0,
        LocationOp.Lt => (long)a < (long)b ? 1UL : 0,
        _ => throw new LocationException($"operation 0x{op:x2}"),
    };

    private static int Branch(ReadOnlySpan<byte> expr, int pos, short offset)
    {
        int target = pos + offset;
        if (target < 0 || target > expr.Length)
            throw new LocationException($"branch to {target} leaves the expression (length {expr.Length})");
        return target;
    }

    private static int CheckRegister(ulong r) =>
        r <= 127 ? (int)r : throw new LocationException($"register number {r} is out of range");

    private static ulong RegisterValue(ILocationContext ctx, int register) =>
        ctx.TryGetRegister(register, out ulong v) ? v : throw new LocationException($"register {register} is not known in this frame", optimizedOut: true);

    private static ulong ReadMemory(ILocationContext ctx, ulong address, int size)
    {
        Span<byte> buf = stackalloc byte[8];
        buf.Clear();
        if (!ctx.TryReadMemory(address, buf[..size]))
            throw new LocationException($"memory at 0x{address:x} is not in the dump");
        return BinaryPrimitives.ReadUInt64LittleEndian(buf);
    }

    private static void Push(Span<ulong> stack, ref int sp, ulong value)
    {
        if (sp == stack.Length)
            throw new LocationException($"location expression stack is deeper than {MaxStack}");
        stack[sp++] = value;
    }

    private static ulong Pop(Span<ulong> stack, ref int sp)
    {
        Need(sp, 1);
        return stack[--sp];
    }

    private static ulong Peek(Span<ulong> stack, int sp, int depth)
    {
        Need(sp, depth + 1);
        return stack[sp - 1 - depth];
    }

    private static void Need(int sp, int count)
    {
        if (sp < count)
            throw new LocationException("location expression pops an empty stack");
    }

    private static byte ReadByte(ReadOnlySpan<byte> expr, ref int pos)
    {
        if (pos >= expr.Length)
            throw new LocationException("operand runs past the end of the expression");
        return expr[pos++];
    }

    private static ulong ReadFixed(ReadOnlySpan<byte> expr, ref int pos, int size)
    {
        if (size is not (1 or 2 or 4 or 8) || expr.Length - pos < size)
            throw new LocationException("operand runs past the end of the expression");
        ReadOnlySpan<byte> s = expr.Slice(pos, size);
        pos += size;
        return size switch
        {
            1 => s[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(s),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(s),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(s),
        };
    }

    private static ulong ReadULeb(ReadOnlySpan<byte> expr, ref int pos)
    {
        int n = Leb128.TryReadUnsigned(expr[pos..], out ulong v);
        if (n <= 0)
            throw new LocationException("LEB128 operand runs past the end of the expression or is too long");
        pos += n;
        return v;
    }

    private static long ReadSLeb(ReadOnlySpan<byte> expr, ref int pos)
    {
        int n = Leb128.TryReadSigned(expr[pos..], out long v);
        if (n <= 0)
            throw new LocationException("LEB128 operand runs past the end of the expression or is too long");
        pos += n;
        return v;
    }
}
