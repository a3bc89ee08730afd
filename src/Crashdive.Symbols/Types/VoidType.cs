namespace Crashdive.Symbols.Types;

/// <summary>void: the target of <c>void *</c>, the return type of procedures.</summary>
public sealed class VoidType : CType
{
    private VoidType()
        : base(TypeKind.Void, null)
    {
    }

    /// <summary>The one void type (immutable, shared).</summary>
    public static VoidType Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => "void";

    internal override ulong? ComputeSize(int depth) => null;
}
