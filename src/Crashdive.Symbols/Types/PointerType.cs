namespace Crashdive.Symbols.Types;

/// <summary>A pointer (<c>struct task_struct *</c>), or a C++ reference.</summary>
public sealed class PointerType : CType
{
    private readonly TypeLink _target;

    internal PointerType(ulong? dieKey, TypeLink target, ulong size, bool isReference)
        : base(TypeKind.Pointer, dieKey)
    {
        _target = target;
        ByteSize = size;
        IsReference = isReference;
    }

    /// <summary>The pointed-to type (void for <c>void *</c>).</summary>
    public CType Target => _target.Value;

    /// <summary>Size in bytes (the unit's address size unless DWARF says otherwise).</summary>
    public ulong ByteSize { get; }

    /// <summary>True for C++ references (&amp; and &amp;&amp;).</summary>
    public bool IsReference { get; }

    internal override ulong? ComputeSize(int depth) => ByteSize;
}
