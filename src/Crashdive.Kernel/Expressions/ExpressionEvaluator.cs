using Crashdive.Dumps;
using Crashdive.Symbols;
using Crashdive.Symbols.Types;

namespace Crashdive.Kernel.Expressions;

/// <summary>
/// Evaluates C expressions over a kernel as gdb does inside crash: names are variables (per-cpu
/// ones at their per-cpu offset unless <c>:N</c> picks a CPU), functions, enumeration constants,
/// and, for symbols without debuginfo, their kallsyms address as an <c>unsigned long</c>. Integer
/// arithmetic follows C's promotions (results are int, unsigned int, long or unsigned long, as gdb
/// types them); pointer arithmetic scales by the target's size. Errors are
/// <see cref="ExpressionException"/> in gdb's wording; memory the dump lacks is gdb's
/// <c>Cannot access memory at address 0x...</c>.
/// </summary>
public sealed class ExpressionEvaluator
{
    private static readonly BaseType UnsignedInt = TypeBuilder.Base("unsigned int", 4, BaseTypeEncoding.Unsigned);
    private static readonly BaseType Double = TypeBuilder.Base("double", 8, BaseTypeEncoding.Float);

    private readonly KernelProgram _kernel;
    private readonly ValueHistory? _history;

    /// <summary>
    /// What gdb would warn about while evaluating (e.g. <c>left shift count &gt;= width of type</c>), in order;
    /// the caller prints them before the value, as gdb does.
    /// </summary>
    public List<string> Warnings { get; } = [];

    /// <summary>An evaluator over <paramref name="kernel"/>; <paramref name="history"/> resolves <c>$N</c> (null: none).</summary>
    public ExpressionEvaluator(KernelProgram kernel, ValueHistory? history = null)
    {
        _kernel = kernel;
        _history = history;
    }

    /// <summary>
    /// Names looked up before the kernel's globals: the selected frame's arguments and locals, as gdb
    /// resolves a name in the selected frame's block first. Returns null for a name it does not hold;
    /// throws <see cref="ExpressionException"/> for one without a value there (optimized out). Null: globals only.
    /// </summary>
    public Func<string, KObject?>? LocalScope { get; init; }

    /// <summary>Parses and evaluates <paramref name="text"/>.</summary>
    public KObject Evaluate(string text) => Evaluate(Parse(text));

    /// <summary>Parses <paramref name="text"/> with this kernel's typedef names.</summary>
    public ExpressionNode Parse(string text) => ExpressionParser.Parse(text, IsTypedefName);

    /// <summary>Evaluates a parsed expression.</summary>
    public KObject Evaluate(ExpressionNode node)
    {
        try
        {
            return Eval(node, 0);
        }
        catch (KernelObjectException e)
        {
            throw new ExpressionException(e.Message);
        }
        catch (MemoryFaultException e)
        {
            throw new ExpressionException($"Cannot access memory at address 0x{e.Address:x}");
        }
    }

    /// <summary>
    /// The type named <paramref name="text"/> (<c>struct task_struct *</c>, <c>unsigned long</c>, <c>pid_t</c>)
    /// in this kernel, or gdb's error for an unknown one (<c>No struct type named foo.</c>).
    /// </summary>
    public CType ResolveType(string text)
    {
        if (_kernel.FindType(text) is CType t)
            return t;
        TypeName? name = TypeName.Parse(text);
        if (name == null)
            throw new ExpressionException($"A syntax error in expression, near `{text}'.");
        if (name.CanonicalIntegerName() is string canonical)
        {
            BaseType b = BuiltinInteger(canonical);
            CType r = b;
            for (int i = 0; i < name.PointerDepth; i++)
                r = TypeBuilder.PointerTo(r);
            return r;
        }
        throw new ExpressionException(name.Keyword is string kw
            ? $"No {kw} type named {name.Name}."
            : $"No symbol \"{name.Name}\" in current context.");
    }

    private static BaseType BuiltinInteger(string canonical) => canonical switch
    {
        "char" => TypeBuilder.Char,
        "signed char" => TypeBuilder.Base("signed char", 1, BaseTypeEncoding.SignedChar),
        "unsigned char" => TypeBuilder.Base("unsigned char", 1, BaseTypeEncoding.UnsignedChar),
        "short int" => TypeBuilder.Base("short", 2, BaseTypeEncoding.Signed),
        "short unsigned int" => TypeBuilder.Base("unsigned short", 2, BaseTypeEncoding.Unsigned),
        "int" => TypeBuilder.Int,
        "unsigned int" => UnsignedInt,
        "long int" => TypeBuilder.Long,
        "long unsigned int" => TypeBuilder.UnsignedLong,
        "long long int" => TypeBuilder.Base("long long", 8, BaseTypeEncoding.Signed),
        _ => TypeBuilder.Base("unsigned long long", 8, BaseTypeEncoding.Unsigned),
    };

    private bool IsTypedefName(string name) =>
        _kernel.Vmlinux?.FindType(name) is TypedefType && _kernel.FindVariable(name) == null && _kernel.FindFunction(name) == null;

    private KObject Eval(ExpressionNode node, int depth)
    {
        if (depth > 500)
            throw new ExpressionException("expression nested too deeply");
        switch (node)
        {
            case LiteralNode l:
                return Literal(l.Token);
            case HistoryNode h:
                if (_history == null)
                    throw new ExpressionException("History is empty.");
                return _history.Get(h.Reference);
            case NameNode n:
                return Name(n);
            case MemberNode m:
            {
                KObject target = Eval(m.Target, depth + 1);
                CType t = target.UnderlyingType;
                if (t is PointerType p && p.Target.Underlying() is not StructType)
                    throw new ExpressionException($"The -> operator must be applied to a pointer to a struct or union, not {GdbTypeName.Format(target.Type)}.");
                if (t is not (StructType or PointerType))
                    throw new ExpressionException($"Attempt to extract a component of a value that is not a structure{(m.Arrow ? " pointer" : "")}.");
                return target.Member(m.Member);
            }
            case IndexNode ix:
            {
                KObject target = Eval(ix.Target, depth + 1);
                KObject index = Eval(ix.Index, depth + 1);
                if (target.UnderlyingType is not (ArrayType or PointerType))
                    throw new ExpressionException("cannot subscript something of type `" + GdbTypeName.Format(target.Type) + "'");
                return target.Index(RequireInteger(index).ToInt64());
            }
            case UnaryNode u:
                return Unary(u, depth);
            case BinaryNode b:
                return Binary(b.Operator, Eval(b.Left, depth + 1), Eval(b.Right, depth + 1));
            case CastNode c:
                return Cast(Eval(c.Operand, depth + 1), ResolveType(c.TypeText));
            case SizeofNode s:
            {
                CType t = s.TypeText != null ? ResolveType(s.TypeText) : Eval(s.Operand!, depth + 1).Type;
                if (t.Size is not ulong size)
                    throw new ExpressionException($"Attempt to take size of incomplete type");
                return KObject.Value(_kernel, TypeBuilder.UnsignedLong, size);
            }
            default:
                throw new ExpressionException("unsupported expression");
        }
    }

    private KObject Literal(Token t)
    {
        switch (t.Kind)
        {
            case TokenKind.Char:
                return KObject.Value(_kernel, TypeBuilder.Char, t.Number);
            case TokenKind.Float:
                return KObject.Value(_kernel, Double, BitConverter.GetBytes(t.Float));
        }
        ulong v = t.Number;
        string text = t.Text.ToLowerInvariant();
        string suffix = text[text.TrimEnd('u', 'l').Length..];
        bool unsignedSuffix = suffix.Contains('u');
        bool longSuffix = suffix.Contains('l');
        bool decimalLiteral = !text.StartsWith('0') || text.TrimEnd('u', 'l') == "0";
        CType type;
        if (!longSuffix && !unsignedSuffix && v <= int.MaxValue)
            type = TypeBuilder.Int;
        else if (!longSuffix && (unsignedSuffix || !decimalLiteral) && v <= uint.MaxValue)
            type = UnsignedInt;
        else if (!unsignedSuffix && v <= long.MaxValue)
            type = TypeBuilder.Long;
        else
            type = TypeBuilder.UnsignedLong;
        return KObject.Value(_kernel, type, v);
    }

    private KObject Name(NameNode n)
    {
        if (n.Cpu == null && LocalScope?.Invoke(n.Name) is KObject local)
            return local;
        if (_kernel.FindVariable(n.Name) is KObject v)
        {
            if (n.Cpu is int cpu)
                return v.IsPerCpu ? v.PerCpu(cpu) : throw new ExpressionException($"{n.Name} is not percpu");
            return v;
        }
        if (n.Cpu != null)
            throw new ExpressionException($"No symbol \"{n.Name}\" in current context.");
        if (_kernel.FindFunction(n.Name) is var (function, address) && address is ulong entry)
            return KObject.Reference(_kernel, function.Type, entry);
        if (FindEnumerator(n.Name) is EnumeratorMatch e)
            return KObject.Value(_kernel, e.Type, e.Enumerator.UnsignedValue);
        if (n.Name.StartsWith('$'))
            throw new ExpressionException($"No symbol \"{n.Name}\" in current context.");
        if (_kernel.SymbolAddress(n.Name) is ulong symbol)
            return KObject.Value(_kernel, TypeBuilder.UnsignedLong, symbol);
        throw new ExpressionException($"No symbol \"{n.Name}\" in current context.");
    }

    private EnumeratorMatch? FindEnumerator(string name)
    {
        if (_kernel.Vmlinux?.FindEnumerator(name) is EnumeratorMatch m)
            return m;
        foreach (DebugFile f in _kernel.ModuleDebugFiles)
        {
            if (f.Symbols.FindEnumerator(name) is EnumeratorMatch mm)
                return mm;
        }
        return null;
    }

    private KObject Unary(UnaryNode u, int depth)
    {
        KObject x = Eval(u.Operand, depth + 1);
        switch (u.Operator)
        {
            case "*":
                if (x.UnderlyingType is FunctionType)
                    return x;
                if (x.UnderlyingType is not (PointerType or ArrayType))
                    throw new ExpressionException("Attempt to take contents of a non-pointer value.");
                return x.Deref();
            case "&":
                if (x.UnderlyingType is FunctionType && x.IsReference)
                    return KObject.Value(_kernel, TypeBuilder.PointerTo(x.Type), x.Address);
                if (!x.IsReference || x.IsBitField)
                    throw new ExpressionException("Attempt to take address of value not located in memory.");
                return x.AddressOf();
            case "!":
                return KObject.Value(_kernel, TypeBuilder.Int, IsZero(x) ? 1UL : 0UL);
        }
        if (x.UnderlyingType is BaseType { IsFloat: true })
        {
            double d = x.ToDouble();
            return u.Operator switch
            {
                "-" => KObject.Value(_kernel, Double, BitConverter.GetBytes(-d)),
                "+" => x,
                _ => throw new ExpressionException("Argument to complement operation not an integer, boolean."),
            };
        }
        RequireInteger(x);
        CType t = Promote(x.Type);
        ulong raw = x.ToUInt64();
        return u.Operator switch
        {
            "-" => KObject.Value(_kernel, t, unchecked(0 - raw)),
            "~" => KObject.Value(_kernel, t, ~raw),
            _ => KObject.Value(_kernel, t, raw),
        };
    }

    private static bool IsZero(KObject x) =>
        x.UnderlyingType is BaseType { IsFloat: true } ? x.ToDouble() == 0 : x.ToUInt64() == 0;

    private KObject RequireInteger(KObject x)
    {
        if (x.UnderlyingType is not (BaseType or EnumType) || x.UnderlyingType is BaseType { IsFloat: true })
            throw new ExpressionException("Argument to arithmetic operation not a number or boolean.");
        return x;
    }

    /// <summary>C's integer promotion: types narrower than int become int; enums their compatible type.</summary>
    private static CType Promote(CType type)
    {
        CType t = type.Underlying();
        if (t is EnumType e)
            return e.IsSigned ? TypeBuilder.Int : UnsignedInt;
        if (t is BaseType b && (b.ByteSize < 4 || b.Encoding == BaseTypeEncoding.Boolean))
            return TypeBuilder.Int;
        return type;
    }

    private KObject Binary(string op, KObject a, KObject b)
    {
        if (op == "@")
            return Repeat(a, b);
        if (op is "&&" or "||")
        {
            bool r = op == "&&" ? !IsZero(a) && !IsZero(b) : !IsZero(a) || !IsZero(b);
            return KObject.Value(_kernel, TypeBuilder.Int, r ? 1UL : 0UL);
        }
        CType ta = a.UnderlyingType, tb = b.UnderlyingType;
        if (ta is ArrayType && a.IsReference)
            (a, ta) = (ArrayAsPointer(a), a.UnderlyingType is ArrayType arr ? TypeBuilder.PointerTo(arr.ElementType) : ta);
        if (tb is ArrayType && b.IsReference)
            (b, tb) = (ArrayAsPointer(b), b.UnderlyingType is ArrayType arr2 ? TypeBuilder.PointerTo(arr2.ElementType) : tb);
        if (ta is PointerType || tb is PointerType)
            return PointerArithmetic(op, a, b);
        if (ta is BaseType { IsFloat: true } || tb is BaseType { IsFloat: true })
            return FloatArithmetic(op, a.ToDouble(), b.ToDouble());
        RequireInteger(a);
        RequireInteger(b);
        CType pa = Promote(a.Type), pb = Promote(b.Type);
        CType result = Common(pa, pb);
        bool signed = KObject.IsSignedType(result);
        ulong x = a.ToUInt64(), y = b.ToUInt64();
        int bits = (int)(result.Size ?? 8) * 8;
        switch (op)
        {
            case "==": return Bool(Truncate(x, bits) == Truncate(y, bits));
            case "!=": return Bool(Truncate(x, bits) != Truncate(y, bits));
            case "<" or ">" or "<=" or ">=":
            {
                int c = signed ? SignExtend(x, bits).CompareTo(SignExtend(y, bits)) : Truncate(x, bits).CompareTo(Truncate(y, bits));
                return Bool(op switch { "<" => c < 0, ">" => c > 0, "<=" => c <= 0, _ => c >= 0 });
            }
        }
        if (op is "<<" or ">>")
        {
            result = pa;
            signed = KObject.IsSignedType(result);
            bits = (int)(result.Size ?? 8) * 8;
            // gdb 16 warns of a count past the promoted type's width and gives 0 (for <<) as C leaves it undefined
            if (y >= (ulong)bits)
            {
                Warnings.Add(op == "<<" ? "left shift count >= width of type" : "right shift count >= width of type");
                return KObject.Value(_kernel, result, op == "<<" || !signed ? 0UL : (SignExtend(x, bits) < 0 ? ulong.MaxValue : 0UL));
            }
            int shift = (int)(y & 63);
            ulong shifted = op == "<<" ? x << shift : signed ? (ulong)(SignExtend(x, bits) >> shift) : Truncate(x, bits) >> shift;
            return KObject.Value(_kernel, result, shifted);
        }
        ulong r2;
        switch (op)
        {
            case "+": r2 = unchecked(x + y); break;
            case "-": r2 = unchecked(x - y); break;
            case "*": r2 = unchecked(x * y); break;
            case "/" or "%":
                if (Truncate(y, bits) == 0)
                    throw new ExpressionException("Division by zero");
                if (signed)
                {
                    long sx = SignExtend(x, bits), sy = SignExtend(y, bits);
                    r2 = sy == -1 ? (op == "/" ? unchecked((ulong)(-sx)) : 0) : (ulong)(op == "/" ? sx / sy : sx % sy);
                }
                else
                    r2 = op == "/" ? Truncate(x, bits) / Truncate(y, bits) : Truncate(x, bits) % Truncate(y, bits);
                break;
            case "&": r2 = x & y; break;
            case "|": r2 = x | y; break;
            case "^": r2 = x ^ y; break;
            default: throw new ExpressionException($"unsupported operator {op}");
        }
        return KObject.Value(_kernel, result, r2);
    }

    private KObject ArrayAsPointer(KObject array) =>
        KObject.Value(_kernel, TypeBuilder.PointerTo(((ArrayType)array.UnderlyingType).ElementType), array.Address);

    private KObject Bool(bool v) => KObject.Value(_kernel, TypeBuilder.Int, v ? 1UL : 0UL);

    private static ulong Truncate(ulong v, int bits) => bits >= 64 ? v : v & ((1UL << bits) - 1);

    private static long SignExtend(ulong v, int bits) => bits >= 64 ? (long)v : (long)(v << (64 - bits)) >> (64 - bits);

    /// <summary>The usual arithmetic conversions on two promoted integer types.</summary>
    private static CType Common(CType a, CType b)
    {
        ulong sa = a.Size ?? 8, sb = b.Size ?? 8;
        if (sa != sb)
            return sa > sb ? a : b;
        bool ua = !KObject.IsSignedType(a), ub = !KObject.IsSignedType(b);
        if (ua == ub)
            return a;
        return ua ? a : b;
    }

    private KObject PointerArithmetic(string op, KObject a, KObject b)
    {
        bool pa = a.UnderlyingType is PointerType, pb = b.UnderlyingType is PointerType;
        ulong x = a.ToUInt64(), y = b.ToUInt64();
        switch (op)
        {
            case "==": return Bool(x == y);
            case "!=": return Bool(x != y);
            case "<": return Bool(x < y);
            case ">": return Bool(x > y);
            case "<=": return Bool(x <= y);
            case ">=": return Bool(x >= y);
        }
        if (pa && pb)
        {
            if (op != "-")
                throw new ExpressionException("Argument to arithmetic operation not a number or boolean.");
            ulong size = ElementSize((PointerType)a.UnderlyingType);
            return KObject.Value(_kernel, TypeBuilder.Long, (ulong)(unchecked((long)(x - y)) / (long)Math.Max(size, 1)));
        }
        if (op is not ("+" or "-") || (pb && op == "-"))
            throw new ExpressionException("Argument to arithmetic operation not a number or boolean.");
        KObject pointer = pa ? a : b;
        KObject offset = RequireInteger(pa ? b : a);
        ulong scale = ElementSize((PointerType)pointer.UnderlyingType);
        long n = offset.ToInt64();
        ulong moved = op == "+" ? unchecked(pointer.ToUInt64() + (ulong)n * scale) : unchecked(pointer.ToUInt64() - (ulong)n * scale);
        return KObject.Value(_kernel, pointer.Type, moved);
    }

    private static ulong ElementSize(PointerType p) => p.Target.Underlying() is VoidType or FunctionType ? 1 : p.Target.Size ?? 1;

    private KObject FloatArithmetic(string op, double x, double y)
    {
        double r;
        switch (op)
        {
            case "+": r = x + y; break;
            case "-": r = x - y; break;
            case "*": r = x * y; break;
            case "/": r = x / y; break;
            case "==": return Bool(x == y);
            case "!=": return Bool(x != y);
            case "<": return Bool(x < y);
            case ">": return Bool(x > y);
            case "<=": return Bool(x <= y);
            case ">=": return Bool(x >= y);
            default: throw new ExpressionException("Integer only operation.");
        }
        return KObject.Value(_kernel, Double, BitConverter.GetBytes(r));
    }

    private KObject Repeat(KObject a, KObject count)
    {
        if (!a.IsReference)
            throw new ExpressionException("Only values in memory can be extended with '@'.");
        long n = RequireInteger(count).ToInt64();
        if (n <= 0)
            throw new ExpressionException($"Non-positive repeat count.");
        if (a.UnderlyingType is VoidType)
            throw new ExpressionException("Attempt to take contents of a non-pointer value.");
        return KObject.Reference(_kernel, TypeBuilder.ArrayOf(a.Type, (ulong)n), a.Address);
    }

    private KObject Cast(KObject x, CType type)
    {
        CType to = type.Underlying();
        if (to is BaseType { IsFloat: true })
            return KObject.Value(_kernel, type, to.Size == 4 ? BitConverter.GetBytes((float)x.ToDouble()) : BitConverter.GetBytes(x.ToDouble()));
        if (x.UnderlyingType is BaseType { IsFloat: true } && to is BaseType or EnumType)
            return KObject.Value(_kernel, type, unchecked((ulong)(long)x.ToDouble()));
        if (x.UnderlyingType is FunctionType && x.IsReference && to is PointerType or BaseType)
            return KObject.Value(_kernel, type, x.Address);
        if (to is StructType or ArrayType && !x.IsReference)
            throw new ExpressionException("Invalid cast.");
        return x.Cast(type);
    }
}
