using System.Text;
using Crashdive.Kernel.Expressions;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// gdb's C type printer (<c>ptype</c>, <c>whatis</c>): a declaration whose base struct, union or enum is shown
/// in full when <c>show</c> is positive or the type has no name, members one level less deep (an anonymous
/// member is still shown, a named one by name); four spaces per level; with offsets (<c>ptype/o</c>) every
/// member is led by its offset and size, holes and padding are called out, nested structs and unions (not
/// typedefs of them) are shown in full, and each body ends with its total size.
/// </summary>
public static class GdbTypePrinter
{
    private const int MaxLevel = 64 * 4;

    /// <summary>Appends the declaration of <paramref name="name"/> (empty: none) with <paramref name="type"/>.</summary>
    /// <param name="sb">Where the text goes.</param>
    /// <param name="type">The type.</param>
    /// <param name="name">The declared name, or empty.</param>
    /// <param name="show">gdb's show: above 0 expands the base type, 0 expands only anonymous ones, below 0 none.</param>
    /// <param name="level">Indentation of the enclosing body.</param>
    /// <param name="offsets">The offset state of <c>ptype/o</c>, or null.</param>
    public static void Declaration(StringBuilder sb, CType type, string name, int show, int level, GdbOffsetLayout? offsets)
    {
        if (show > 0)
            type = StripTypedefs(type);
        CType leaf = Leaf(type);
        CType resolved = show > 0 ? StripTypedefs(leaf) : leaf;
        string declaration = GdbTypeName.Declaration(type, name);
        bool expand = resolved is StructType or EnumType && level < MaxLevel && (show > 0 || resolved.Name == null);
        if (!expand)
        {
            sb.Append(declaration);
            return;
        }
        string leafText = GdbTypeName.Format(leaf);
        int at = declaration.IndexOf(leafText, StringComparison.Ordinal);
        if (at < 0)
        {
            sb.Append(declaration);
            return;
        }
        sb.Append(declaration, 0, at);
        if (resolved is StructType s)
            Struct(sb, s, show, level, offsets);
        else
            Enum(sb, (EnumType)resolved, show);
        sb.Append(declaration, at + leafText.Length, declaration.Length - at - leafText.Length);
    }

    /// <summary>The type without typedefs on the outside.</summary>
    private static CType StripTypedefs(CType type)
    {
        for (int i = 0; i < 64 && type is TypedefType t; i++)
            type = t.Target;
        return type;
    }

    /// <summary>The type a declarator chain (pointers, arrays, function returns, qualifiers) ends in.</summary>
    private static CType Leaf(CType type)
    {
        for (int i = 0; i < 64; i++)
        {
            switch (type)
            {
                case PointerType p:
                    type = p.Target;
                    continue;
                case ArrayType a:
                    type = a.ElementType;
                    continue;
                case FunctionType f:
                    type = f.ReturnType;
                    continue;
                case QualifiedType q:
                    type = q.Target;
                    continue;
            }
            break;
        }
        return type;
    }

    private static void Struct(StringBuilder sb, StructType s, int show, int level, GdbOffsetLayout? offsets)
    {
        sb.Append(s.Kind == TypeKind.Union ? "union " : s.Kind == TypeKind.Class ? "class " : "struct ");
        if (s.Name != null)
        {
            sb.Append(s.Name);
            if (show > 0)
                sb.Append(' ');
        }
        if (show < 0)
        {
            if (s.Name == null)
                sb.Append("{...}");
            return;
        }
        sb.Append("{\n");
        IReadOnlyList<Member> members = s.Members;
        if (members.Count == 0)
        {
            sb.Append(' ', level + 4).Append(s.IsComplete ? "<no data fields>\n" : "<incomplete type>\n");
        }
        var inner = offsets?.Nested();
        foreach (Member m in members)
        {
            offsets?.Update(sb, s, m);
            sb.Append(' ', level + 4);
            int newShow = show - 1;
            if (offsets != null && m.Type is StructType)
            {
                newShow++;
                inner!.Enter(offsets, m);
            }
            Declaration(sb, m.Type, m.Name ?? "", newShow, level + 4, inner);
            if (m.IsBitField)
                sb.Append(" : ").Append(m.BitSize);
            sb.Append(";\n");
        }
        if (offsets != null)
        {
            if (show > 0)
                offsets.Finish(sb, s, level);
            sb.Append(' ', GdbOffsetLayout.Indentation);
            if (level == 0)
                sb.Append("  ");
        }
        sb.Append(' ', level).Append('}');
    }

    private static void Enum(StringBuilder sb, EnumType e, int show)
    {
        sb.Append("enum ");
        if (e.Name != null)
        {
            sb.Append(e.Name);
            if (show > 0)
                sb.Append(' ');
        }
        if (show < 0)
        {
            if (e.Name == null)
                sb.Append("{...}");
            return;
        }
        sb.Append('{');
        long last = 0;
        IReadOnlyList<Enumerator> list = e.Enumerators;
        for (int i = 0; i < list.Count; i++)
        {
            if (i > 0)
                sb.Append(", ");
            sb.Append(list[i].Name);
            long v = e.IsSigned ? list[i].Value : unchecked((long)list[i].UnsignedValue);
            if (v != last)
            {
                sb.Append(" = ").Append(e.IsSigned ? v.ToString() : list[i].UnsignedValue.ToString());
                last = v;
            }
            last++;
        }
        sb.Append('}');
    }
}
