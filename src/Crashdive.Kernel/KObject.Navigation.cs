using Crashdive.Symbols.Types;

namespace Crashdive.Kernel;

public readonly partial struct KObject
{
    /// <summary>
    /// The member at <paramref name="path"/> (<c>se.avg</c>, looking through anonymous members). On
    /// a pointer to a struct the pointer is followed first, as <c>-&gt;</c>.
    /// </summary>
    public KObject Member(string path)
    {
        KObject current = this;
        int start = 0;
        while (start <= path.Length)
        {
            int dot = path.IndexOf('.', start);
            string name = (dot < 0 ? path[start..] : path[start..dot]).Trim();
            current = current.OneMember(name);
            if (dot < 0)
                break;
            start = dot + 1;
        }
        return current;
    }

    /// <summary>Shorthand for <see cref="Member"/>.</summary>
    public KObject this[string path] => Member(path);

    /// <summary>True when the object's struct or union (or the one it points to) has <paramref name="name"/>.</summary>
    public bool HasMember(string name)
    {
        CType t = UnderlyingType;
        if (t is PointerType p)
            t = p.Target.Underlying();
        return t is StructType s && s.HasMember(name);
    }

    private KObject OneMember(string name)
    {
        CType t = UnderlyingType;
        if (t is PointerType p && p.Target.Underlying() is StructType)
            return Deref().OneMember(name);
        if (t is not StructType s)
            throw new KernelObjectException($"Attempt to extract a component of a value that is not a structure: {name} of {Type}");
        if (s.FindMember(name) is not MemberLookup m)
            throw new KernelObjectException($"There is no member named {name}.");
        if (m.Member.IsBitField)
        {
            if (_value != null)
                return Value(Kernel, m.Type, ExtractBits(_value, (int)m.BitOffset, (int)m.Member.BitSize, IsSignedType(m.Type)));
            return BitFieldReference(Kernel, m.Type, Address, (int)m.BitOffset, (int)m.Member.BitSize);
        }
        if (_value != null)
            return Value(Kernel, m.Type, Slice(_value, m.Offset, m.Type.Size ?? 0));
        return new(Kernel, m.Type, Address + m.Offset, null, IsPerCpu, 0, 0);
    }

    /// <summary><c>*p</c>: the object a pointer points to (for an array, its first element).</summary>
    public KObject Deref()
    {
        CType t = UnderlyingType;
        if (t is ArrayType)
            return Index(0);
        if (t is not PointerType p)
            throw new KernelObjectException($"Attempt to take contents of a non-pointer value: {Type}");
        if (p.Target.Underlying() is VoidType)
            throw new KernelObjectException("Attempt to take contents of a non-pointer value.");
        return Reference(Kernel, p.Target, ToUInt64());
    }

    /// <summary><c>a[i]</c> on an array or a pointer.</summary>
    public KObject Index(long i)
    {
        CType t = UnderlyingType;
        if (t is ArrayType a)
        {
            ulong size = a.ElementType.Size ?? 0;
            ulong offset = unchecked((ulong)i * size);
            if (_value != null)
                return Value(Kernel, a.ElementType, Slice(_value, offset, size));
            return new(Kernel, a.ElementType, unchecked(Address + offset), null, IsPerCpu, 0, 0);
        }
        if (t is PointerType p)
        {
            ulong size = p.Target.Underlying() is VoidType ? 1 : p.Target.Size ?? 0;
            return Reference(Kernel, p.Target, unchecked(ToUInt64() + (ulong)i * size));
        }
        throw new KernelObjectException($"cannot subscript something of type `{Type}'");
    }

    /// <summary><c>&amp;x</c>: a pointer to this object.</summary>
    public KObject AddressOf()
    {
        if (!IsReference)
            throw new KernelObjectException("Attempt to take address of value not located in memory.");
        if (IsBitField)
            throw new KernelObjectException("Attempt to take address of value not located in memory.");
        return Value(Kernel, TypeBuilder.PointerTo(Type), Address);
    }

    /// <summary>
    /// The object as <paramref name="type"/>: integers, pointers and enums convert by value; anything
    /// else in memory is reinterpreted at the same address.
    /// </summary>
    public KObject Cast(CType type)
    {
        CType to = type.Underlying();
        CType from = UnderlyingType;
        bool scalarTo = to is PointerType or BaseType or EnumType;
        bool scalarFrom = from is PointerType or BaseType or EnumType;
        if (scalarTo && from is ArrayType && IsReference)
            return Value(Kernel, type, Address);
        if (scalarTo && scalarFrom)
            return Value(Kernel, type, ToUInt64());
        if (IsReference)
            return Reference(Kernel, type, Address, IsPerCpu);
        throw new KernelObjectException($"Invalid cast to {type}");
    }

    /// <summary>The object this one reinterpreted at <paramref name="address"/> (same type).</summary>
    public KObject At(ulong address) => Reference(Kernel, Type, address);

    /// <summary>
    /// <c>container_of(ptr, type, member)</c>: the <paramref name="type"/> that holds the member
    /// <paramref name="member"/> this pointer (or this object's address) points to.
    /// </summary>
    public KObject ContainerOf(CType type, string member)
    {
        if (type.Underlying() is not StructType s || s.FindMemberPath(member) is not MemberLookup m)
            throw new KernelObjectException($"There is no member named {member} in {type}.");
        ulong ptr = IsPointer ? ToUInt64() : IsReference ? Address : ToUInt64();
        return Reference(Kernel, type, unchecked(ptr - m.Offset));
    }

    /// <summary>For a per-cpu variable, its instance on <paramref name="cpu"/>.</summary>
    public KObject PerCpu(int cpu)
    {
        if (!IsPerCpu)
            throw new KernelObjectException($"{Type} at 0x{Address:x} is not a per-cpu variable");
        return Reference(Kernel, Type, unchecked(Address + Kernel.PerCpuOffset(cpu)));
    }

    private static byte[] Slice(byte[] bytes, ulong offset, ulong size)
    {
        var r = new byte[size];
        if (offset < (ulong)bytes.Length)
            bytes.AsSpan((int)offset, (int)Math.Min(size, (ulong)bytes.Length - offset)).CopyTo(r);
        return r;
    }
}
