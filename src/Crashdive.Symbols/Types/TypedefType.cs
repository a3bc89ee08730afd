namespace Crashdive.Symbols.Types;

/// <summary>A typedef (<c>pid_t</c> → <c>__kernel_pid_t</c> → <c>int</c>).</summary>
public sealed class TypedefType : CType
{
    private readonly TypeLink _target;

    internal TypedefType(ulong? dieKey, string name, TypeLink target)
        : base(TypeKind.Typedef, dieKey)
    {
        Name = name;
        _target = target;
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <summary>The type the typedef names.</summary>
    public CType Target => _target.Value;

    internal override ulong? ComputeSize(int depth) =>
        depth >= MaxChain ? null : Target.ComputeSize(depth + 1);
}
