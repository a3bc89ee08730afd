namespace Crashdive.Symbols.Types;

/// <summary>
/// A C type built from DWARF on demand. Types are immutable; references to other types are
/// followed lazily. Chains (typedef of typedef, qualifiers, nested arrays) are walked with a
/// bound, so a corrupt cycle gives an unknown size rather than a hang.
/// </summary>
public abstract class CType
{
    /// <summary>Longest typedef/qualifier/array chain followed before giving up.</summary>
    internal const int MaxChain = 64;

    private protected CType(TypeKind kind, ulong? dieKey)
    {
        Kind = kind;
        DieKey = dieKey;
    }

    /// <summary>What the type is.</summary>
    public TypeKind Kind { get; }

    /// <summary>The DIE the type was built from, or null for synthesized types (inner array dimensions, void).</summary>
    public ulong? DieKey { get; }

    /// <summary>The type's own name: tag of a struct/union/enum, typedef name, base type name; null otherwise or when anonymous.</summary>
    public virtual string? Name => null;

    /// <summary>sizeof, or null when unknown (void, functions, incomplete types, flexible arrays).</summary>
    public ulong? Size => ComputeSize(0);

    /// <summary>DW_AT_alignment where the DWARF gives it, else null.</summary>
    public virtual ulong? Alignment => null;

    /// <summary>The type with qualifiers (const, volatile...) removed from the outside.</summary>
    public CType Unqualified()
    {
        CType t = this;
        for (int i = 0; i < MaxChain && t is QualifiedType q; i++)
            t = q.Target;
        return t;
    }

    /// <summary>The type with typedefs and qualifiers removed from the outside: what the value really is.</summary>
    public CType Underlying()
    {
        CType t = this;
        for (int i = 0; i < MaxChain; i++)
        {
            if (t is QualifiedType q)
                t = q.Target;
            else if (t is TypedefType d)
                t = d.Target;
            else
                return t;
        }
        return t;
    }

    /// <summary>True for struct, union and class types.</summary>
    public bool IsAggregate => Kind is TypeKind.Struct or TypeKind.Union or TypeKind.Class;

    /// <summary>The C spelling, as gdb prints it in ptype headers (<c>struct task_struct *</c>, <c>int (*)(void)</c>).</summary>
    public override string ToString() => TypeNameFormatter.Format(this);

    /// <summary>sizeof computed with a chain depth guard.</summary>
    internal abstract ulong? ComputeSize(int depth);
}
