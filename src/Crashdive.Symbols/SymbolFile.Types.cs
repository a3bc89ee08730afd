using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Types;

namespace Crashdive.Symbols;

public sealed partial class SymbolFile
{
    /// <summary>
    /// The type a C type name denotes, or null. <c>struct X</c>, <c>union X</c>, <c>enum X</c> look
    /// up tags only; a bare name is a typedef or base type first (as in C), then a struct, union or
    /// enum tag (as crash's <c>struct</c> and <c>whatis</c> accept <c>task_struct</c>). Integer
    /// types may be spelled freely (<c>unsigned long</c>); leading const/volatile and trailing
    /// <c>*</c> are applied. Definitions win over declarations.
    /// </summary>
    public CType? FindType(string name)
    {
        TypeName? parsed = TypeName.Parse(name);
        if (parsed == null || !HasDebugInfo)
            return null;
        CType? t = FindNamedType(parsed);
        if (t == null)
            return null;
        // Pointers are as wide as the addresses of the unit the type came from (8 on 64-bit kernels).
        ulong pointerSize = t.DieKey is ulong key && Dwarf.FindUnit(key) is DwarfUnit unit ? unit.AddressSize : 8UL;
        if (parsed.Qualifiers != Qualifiers.None)
            t = new QualifiedType(null, parsed.Qualifiers, new TypeLink(t));
        for (int i = 0; i < parsed.PointerDepth; i++)
            t = new PointerType(null, new TypeLink(t), pointerSize, false);
        return t;
    }

    private CType? FindNamedType(TypeName name)
    {
        switch (name.Keyword)
        {
            case "struct":
                return FindTag(name.Name, NameIndexKind.Struct) ?? FindTag(name.Name, NameIndexKind.Class);
            case "class":
                return FindTag(name.Name, NameIndexKind.Class) ?? FindTag(name.Name, NameIndexKind.Struct);
            case "union":
                return FindTag(name.Name, NameIndexKind.Union);
            case "enum":
                return FindTag(name.Name, NameIndexKind.Enum);
        }
        if (name.Name == "void")
            return VoidType.Instance;
        return FindTag(name.Name, NameIndexKind.Typedef)
            ?? FindTag(name.Name, NameIndexKind.Base)
            ?? (name.CanonicalIntegerName() is string canonical && canonical != name.Name ? FindTag(canonical, NameIndexKind.Base) : null)
            ?? FindTag(name.Name, NameIndexKind.Struct)
            ?? FindTag(name.Name, NameIndexKind.Union)
            ?? FindTag(name.Name, NameIndexKind.Enum);
    }

    /// <summary>The first definition of <paramref name="kind"/> named <paramref name="name"/>, else its first declaration, else null.</summary>
    private CType? FindTag(string name, NameIndexKind kind)
    {
        IReadOnlyList<IndexHit> hits = Index.Find(name, kind);
        if (hits.Count == 0)
            return null;
        foreach (IndexHit h in hits)
        {
            if (!h.IsDeclaration)
                return Types.GetType(h.DieKey);
        }
        return Types.GetType(hits[0].DieKey);
    }

    /// <summary>The enumeration constant named <paramref name="name"/> (<c>PIDTYPE_PID</c>) and its enum, or null.</summary>
    public EnumeratorMatch? FindEnumerator(string name)
    {
        if (!HasDebugInfo)
            return null;
        foreach (IndexHit h in Index.Find(name, NameIndexKind.Enumerator))
        {
            if (Types.GetType(h.DieKey) is EnumType e && e.FindEnumerator(name) is Enumerator value)
                return new EnumeratorMatch(e, value);
        }
        return null;
    }
}
