namespace Crashdive.Symbols.Types;

/// <summary>An enumeration (<c>enum pid_type</c>), with its constants read on first use.</summary>
public sealed class EnumType : CType
{
    private readonly Func<IReadOnlyList<Enumerator>> _readEnumerators;
    private readonly TypeLink _compatible;
    private readonly ulong? _alignment;
    private IReadOnlyList<Enumerator>? _enumerators;

    internal EnumType(ulong? dieKey, string? name, ulong? size, bool isComplete, bool isSigned, TypeLink compatible, ulong? alignment, Func<IReadOnlyList<Enumerator>> readEnumerators)
        : base(TypeKind.Enum, dieKey)
    {
        Name = name;
        ByteSize = size;
        IsComplete = isComplete;
        IsSigned = isSigned;
        _compatible = compatible;
        _alignment = alignment;
        _readEnumerators = readEnumerators;
    }

    /// <inheritdoc/>
    public override string? Name { get; }

    /// <summary>Size in bytes, or null when the enum is only declared.</summary>
    public ulong? ByteSize { get; }

    /// <summary>False for a declaration whose definition was not found.</summary>
    public bool IsComplete { get; }

    /// <summary>True when the values are signed (the underlying type is signed).</summary>
    public bool IsSigned { get; }

    /// <summary>The integer type the enum is stored as (DW_AT_type, else one made from size and sign).</summary>
    public CType CompatibleType => _compatible.Value;

    /// <summary>The constants, in declaration order.</summary>
    public IReadOnlyList<Enumerator> Enumerators => _enumerators ??= _readEnumerators();

    /// <summary>The constant named <paramref name="name"/>, or null.</summary>
    public Enumerator? FindEnumerator(string name)
    {
        foreach (Enumerator e in Enumerators)
        {
            if (e.Name == name)
                return e;
        }
        return null;
    }

    /// <inheritdoc/>
    public override ulong? Alignment => _alignment;

    internal override ulong? ComputeSize(int depth) => ByteSize;
}
