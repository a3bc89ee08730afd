namespace Crashdive.Symbols.Types;

/// <summary>A qualified type: <c>const</c>, <c>volatile</c>, <c>restrict</c> or <c>_Atomic</c> applied to <see cref="Target"/>.</summary>
public sealed class QualifiedType : CType
{
    private readonly TypeLink _target;

    internal QualifiedType(ulong? dieKey, Qualifiers qualifiers, TypeLink target)
        : base(TypeKind.Qualified, dieKey)
    {
        Qualifiers = qualifiers;
        _target = target;
    }

    /// <summary>The qualifier(s) this DIE adds.</summary>
    public Qualifiers Qualifiers { get; }

    /// <summary>The type qualified (void for <c>const void</c>).</summary>
    public CType Target => _target.Value;

    internal override ulong? ComputeSize(int depth) =>
        depth >= MaxChain ? null : Target.ComputeSize(depth + 1);
}
