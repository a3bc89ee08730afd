namespace Crashdive.Symbols.Types;

/// <summary>
/// A struct, union or class. Members are read from DWARF on first use. A declaration whose
/// definition exists elsewhere is never handed out: lookups return the definition; only when no
/// definition exists is an incomplete type (<see cref="IsComplete"/> false, no size) returned.
/// </summary>
public sealed class StructType : CType
{
    private readonly Func<IReadOnlyList<Member>> _readMembers;
    private readonly ulong? _alignment;
    private IReadOnlyList<Member>? _members;

    internal StructType(TypeKind kind, ulong? dieKey, string? name, ulong? size, bool isComplete, ulong? alignment, Func<IReadOnlyList<Member>> readMembers)
        : base(kind, dieKey)
    {
        Name = name;
        ByteSize = size;
        IsComplete = isComplete;
        _alignment = alignment;
        _readMembers = readMembers;
    }

    /// <summary>The tag name, or null for anonymous types.</summary>
    public override string? Name { get; }

    /// <summary>sizeof in bytes, or null for an incomplete type.</summary>
    public ulong? ByteSize { get; }

    /// <summary>False for a declaration whose definition was not found.</summary>
    public bool IsComplete { get; }

    /// <inheritdoc/>
    public override ulong? Alignment => _alignment;

    /// <summary>The members, in declaration order.</summary>
    public IReadOnlyList<Member> Members => _members ??= _readMembers();

    /// <summary>
    /// The member named <paramref name="name"/>, looking through anonymous struct/union members
    /// as C and gdb do (<c>task_struct.rcu_users</c> lives in an anonymous union). Null when absent.
    /// </summary>
    public MemberLookup? FindMember(string name)
    {
        int budget = MaxMembersVisited;
        return FindMember(name, 0, 0, ref budget);
    }

    /// <summary>
    /// Members examined per lookup. Real structs have hundreds; a corrupt file whose anonymous
    /// members contain their own struct would otherwise branch at every level.
    /// </summary>
    private const int MaxMembersVisited = 100_000;

    /// <summary>True when <see cref="FindMember(string)"/> finds <paramref name="name"/>.</summary>
    public bool HasMember(string name) => FindMember(name) != null;

    /// <summary>
    /// A dotted path of members (<c>se.avg.load_avg</c>): each step looks through typedefs,
    /// qualifiers and anonymous members. Null when a step is missing or not a struct/union.
    /// </summary>
    public MemberLookup? FindMemberPath(string path)
    {
        StructType current = this;
        ulong offset = 0;
        MemberLookup? found = null;
        string[] parts = path.Split('.');
        for (int i = 0; i < parts.Length; i++)
        {
            MemberLookup? step = current.FindMember(parts[i].Trim());
            if (step == null)
                return null;
            offset += step.Value.BitOffset;
            found = new MemberLookup(step.Value.Member, offset);
            if (i + 1 < parts.Length)
            {
                if (step.Value.Type.Underlying() is not StructType next)
                    return null;
                current = next;
            }
        }
        return found;
    }

    private MemberLookup? FindMember(string name, ulong baseOffset, int depth, ref int budget)
    {
        if (depth >= MaxChain)
            return null;
        foreach (Member m in Members)
        {
            if (--budget < 0)
                return null;
            if (m.Name == name)
                return new MemberLookup(m, baseOffset + m.BitOffset);
            if (m.Name == null && m.Type.Underlying() is StructType inner)
            {
                MemberLookup? r = inner.FindMember(name, baseOffset + m.BitOffset, depth + 1, ref budget);
                if (r != null)
                    return r;
            }
        }
        return null;
    }

    internal override ulong? ComputeSize(int depth) => ByteSize;
}
