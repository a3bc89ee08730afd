using System.Text;

namespace Crashdive.Symbols.Types;

/// <summary>
/// Spells a type as C and gdb do, building the declarator inside out:
/// <c>char *</c>, <c>const char *</c>, <c>char * const</c>, <c>int [16]</c>,
/// <c>void (*)(struct work_struct *)</c>, <c>struct list_head *[4]</c>.
/// </summary>
public static class TypeNameFormatter
{
    /// <summary>The C spelling of <paramref name="type"/> (without a variable name).</summary>
    public static string Format(CType type)
    {
        int budget = MaxNodes;
        return Format(type, "", Qualifiers.None, 0, ref budget);
    }

    /// <summary>The C declaration of <paramref name="name"/> with <paramref name="type"/> (<c>char comm[16]</c>).</summary>
    public static string Declaration(CType type, string name)
    {
        int budget = MaxNodes;
        return Format(type, name, Qualifiers.None, 0, ref budget);
    }

    /// <summary>
    /// Types visited per spelling. Real types need a few dozen; a corrupt file whose function
    /// types take pointers to themselves would otherwise branch at every level of the chain.
    /// </summary>
    private const int MaxNodes = 4096;

    /// <summary>
    /// Builds the declarator inside out. <paramref name="pending"/> are qualifiers met on the way
    /// down: they bind to a pointer (after its star), to an array's elements (C 6.7.3: a qualified
    /// array type qualifies its elements, so <c>const char []</c>, not <c>const const char []</c>),
    /// or are written before the leaf type.
    /// </summary>
    private static string Format(CType type, string declarator, Qualifiers pending, int depth, ref int budget)
    {
        if (depth >= CType.MaxChain || --budget < 0)
            return Join("<type chain too deep>", declarator);
        switch (type)
        {
            case QualifiedType q:
                return Format(q.Target, declarator, pending | q.Qualifiers, depth + 1, ref budget);
            case PointerType p:
            {
                string inner = p.IsReference ? "&" : "*";
                if (pending != Qualifiers.None)
                    inner += " " + QualifierText(pending) + (declarator.Length > 0 ? " " : "");
                inner += declarator;
                CType target = p.Target;
                if (target is ArrayType or FunctionType)
                    inner = "(" + inner + ")";
                return Format(target, inner, Qualifiers.None, depth + 1, ref budget);
            }
            case ArrayType a:
                return Format(a.ElementType, declarator + "[" + (a.Length?.ToString() ?? "") + "]", pending, depth + 1, ref budget);
            case FunctionType f:
                return Format(f.ReturnType, declarator + ParameterList(f, depth, ref budget), Qualifiers.None, depth + 1, ref budget);
            default:
            {
                string leaf = LeafName(type);
                if (pending != Qualifiers.None)
                    leaf = QualifierText(pending) + " " + leaf;
                return Join(leaf, declarator);
            }
        }
    }

    private static string Join(string leaf, string declarator)
    {
        if (declarator.Length == 0)
            return leaf;
        return declarator[0] == ' ' ? leaf + declarator : leaf + " " + declarator;
    }

    /// <summary>The name of a type that has no declarator: <c>struct task_struct</c>, <c>u64</c>, <c>int</c>.</summary>
    public static string LeafName(CType type) => type switch
    {
        StructType { Kind: TypeKind.Struct } s => "struct " + (s.Name ?? "{...}"),
        StructType { Kind: TypeKind.Union } s => "union " + (s.Name ?? "{...}"),
        StructType s => "class " + (s.Name ?? "{...}"),
        EnumType e => "enum " + (e.Name ?? "{...}"),
        UnknownType u => u.Name ?? $"<{Dwarf.DwarfTag.ToName(u.Tag)}>",
        _ => type.Name ?? "?",
    };

    private static string ParameterList(FunctionType f, int depth, ref int budget)
    {
        var sb = new StringBuilder("(");
        IReadOnlyList<FunctionParameter> ps = f.Parameters;
        for (int i = 0; i < ps.Count; i++)
        {
            if (i > 0)
                sb.Append(", ");
            sb.Append(Format(ps[i].Type, "", Qualifiers.None, depth + 1, ref budget));
        }
        if (f.IsVariadic)
            sb.Append(ps.Count > 0 ? ", ..." : "...");
        else if (ps.Count == 0 && f.IsPrototyped)
            sb.Append("void");
        return sb.Append(')').ToString();
    }

    private static string QualifierText(Qualifiers q)
    {
        var parts = new List<string>(2);
        if ((q & Qualifiers.Const) != 0) parts.Add("const");
        if ((q & Qualifiers.Volatile) != 0) parts.Add("volatile");
        if ((q & Qualifiers.Restrict) != 0) parts.Add("restrict");
        if ((q & Qualifiers.Atomic) != 0) parts.Add("_Atomic");
        return string.Join(' ', parts);
    }
}
