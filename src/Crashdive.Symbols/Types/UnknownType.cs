namespace Crashdive.Symbols.Types;

/// <summary>A DIE whose tag this reader does not model as a type (kept so callers can say what it was).</summary>
public sealed class UnknownType : CType
{
    internal UnknownType(ulong? dieKey, ushort tag, string? name, ulong? size)
        : base(TypeKind.Unknown, dieKey)
    {
        Tag = tag;
        Name = name;
        ByteSize = size;
    }

    /// <summary>The DW_TAG_* of the DIE.</summary>
    public ushort Tag { get; }

    /// <inheritdoc/>
    public override string? Name { get; }

    /// <summary>DW_AT_byte_size if it had one.</summary>
    public ulong? ByteSize { get; }

    internal override ulong? ComputeSize(int depth) => ByteSize;
}
