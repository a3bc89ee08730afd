using System.Text;
using Crashdive.Kernel.Expressions;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Printing;

/// <summary>
/// gdb's <c>ptype</c> of a struct, union or enum as crash shows it: members one per line, four
/// spaces per level, named member types not expanded, anonymous structs and unions expanded in
/// place, bit fields as <c>name : width</c>.
/// </summary>
public static class TypeDeclaration
{
    private const int MaxDepth = 32;

    /// <summary>
    /// The lines of <c>ptype</c> for <paramref name="type"/> (each ending in <c>\n</c>), without gdb's
    /// <c>type = </c>: <c>struct list_head {</c>, the members, <c>}</c>. Non-aggregates give one line:
    /// the type's spelling.
    /// </summary>
    public static List<string> Lines(CType type)
    {
        var lines = new List<string>();
        CType t = type.Underlying();
        if (t is StructType s)
        {
            lines.Add(TypeNameFormatter.LeafName(s) + " {\n");
            Members(lines, s, 1, 0);
            lines.Add("}\n");
        }
        else if (t is EnumType e)
        {
            var sb = new StringBuilder(TypeNameFormatter.LeafName(e)).Append(" {");
            for (int i = 0; i < e.Enumerators.Count; i++)
                sb.Append(i == 0 ? "" : ", ").Append(e.Enumerators[i].Name);
            lines.Add(sb.Append("}\n").ToString());
        }
        else
            lines.Add(GdbTypeName.Format(t) + "\n");
        return lines;
    }

    private static void Members(List<string> lines, StructType s, int level, int depth)
    {
        string pad = new(' ', 4 * level);
        if (s.Members.Count == 0)
        {
            lines.Add(pad + "<no data fields>\n");
            return;
        }
        foreach (Member m in s.Members)
        {
            CType mt = m.Type;
            if (mt.Unqualified() is StructType { Name: null } inner && depth < MaxDepth)
            {
                lines.Add(pad + (inner.Kind == TypeKind.Union ? "union" : "struct") + " {\n");
                Members(lines, inner, level + 1, depth + 1);
                lines.Add(pad + "}" + (m.Name != null ? " " + m.Name : "") + ";\n");
                continue;
            }
            string decl = GdbTypeName.Declaration(mt, m.Name ?? "");
            if (m.IsBitField)
                decl += " : " + m.BitSize;
            lines.Add(pad + decl + ";\n");
        }
    }

    /// <summary>crash's enumerator list (<c>whatis enum pid_type</c>): <c>enum x {</c>, <c>  NAME = value</c> lines, <c>};</c>.</summary>
    public static string EnumeratorList(EnumType e)
    {
        var sb = new StringBuilder(TypeNameFormatter.LeafName(e)).Append(" {\n");
        foreach (Enumerator en in e.Enumerators)
            sb.Append("  ").Append(en.Name).Append(" = ").Append(e.IsSigned ? en.Value.ToString() : en.UnsignedValue.ToString()).Append('\n');
        return sb.Append("};\n").ToString();
    }
}
