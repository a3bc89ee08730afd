using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Index;

namespace Crashdive.Symbols.Types;

public sealed partial class TypeFactory
{
    private CType BuildStruct(Die die, TypeKind kind, NameIndexKind indexKind)
    {
        string? name = die.Name;
        bool declaration = die.GetFlag(DwarfAttribute.Declaration);
        if (declaration && name != null && FindDefinition(name, indexKind) is ulong def && def != die.Key)
            return GetType(def);
        ulong key = die.Key;
        return new StructType(kind, key, name, declaration ? null : die.GetUnsigned(DwarfAttribute.ByteSize) ?? 0, !declaration,
            die.GetUnsigned(DwarfAttribute.Alignment), () => ReadMembers(key));
    }

    private IReadOnlyList<Member> ReadMembers(ulong key)
    {
        Die die = Dwarf.GetDie(key);
        var members = new List<Member>();
        foreach (Die child in die.Children)
        {
            if (child.Tag != DwarfTag.Member)
                continue; // static members (DW_TAG_variable), nested type definitions, C++ bases
            members.Add(BuildMember(child));
        }
        return members;
    }

    private Member BuildMember(Die m)
    {
        ulong byteOffset = 0;
        if (m.TryGet(DwarfAttribute.DataMemberLocation, out AttributeValue loc))
        {
            if (loc.IsConstant)
            {
                byteOffset = loc.Value;
            }
            else if (loc.IsBlock)
            {
                ReadOnlySpan<byte> expr = m.Unit.Section.Span.Slice(loc.DataOffset, loc.DataLength);
                if (!DwarfExpression.TryEvaluateMemberOffset(expr, out byteOffset))
                    throw m.Unit.Section.Error((long)m.SectionOffset, "DW_AT_data_member_location is an expression this reader cannot evaluate");
            }
            else
            {
                // A location list (sec_offset) only makes sense for C++ virtual bases.
                throw m.Unit.Section.Error((long)m.SectionOffset, $"DW_AT_data_member_location in form {DwarfForm.ToName(loc.Form)} is not supported");
            }
        }

        ulong bitSize = m.GetUnsigned(DwarfAttribute.BitSize) ?? 0;
        ulong bitOffset;
        if (m.GetUnsigned(DwarfAttribute.DataBitOffset) is ulong dataBitOffset)
        {
            bitOffset = dataBitOffset; // DWARF 4+: from the start of the containing structure
        }
        else if (bitSize != 0 && m.GetUnsigned(DwarfAttribute.BitOffset) is ulong oldBitOffset)
        {
            // DWARF 2/3: DW_AT_bit_offset counts from the most significant bit of a storage unit of
            // DW_AT_byte_size bytes (default: the member type's size) at data_member_location.
            // On a little-endian target the first bit is at storage*8 - bit_offset - bit_size.
            ulong storage = m.GetUnsigned(DwarfAttribute.ByteSize) ?? Link(m, DwarfAttribute.Type).Value.Size ?? 0;
            bitOffset = byteOffset * 8 + storage * 8 - oldBitOffset - bitSize;
        }
        else
        {
            bitOffset = byteOffset * 8;
        }
        return new Member(m.Name, Link(m, DwarfAttribute.Type), bitOffset, bitSize);
    }

    private CType BuildEnum(Die die)
    {
        string? name = die.Name;
        bool declaration = die.GetFlag(DwarfAttribute.Declaration);
        if (declaration && name != null && FindDefinition(name, NameIndexKind.Enum) is ulong def && def != die.Key)
            return GetType(def);
        ulong key = die.Key;
        ulong? size = die.GetUnsigned(DwarfAttribute.ByteSize);

        TypeLink compatible = Link(die, DwarfAttribute.Type);
        bool signed;
        if (compatible.DieKey != null && compatible.Value.Underlying() is BaseType b)
        {
            signed = b.IsSigned;
        }
        else
        {
            var encoding = (BaseTypeEncoding?)die.GetUnsigned(DwarfAttribute.Encoding);
            signed = encoding is BaseTypeEncoding.Signed or BaseTypeEncoding.SignedChar || (encoding == null && HasNegativeEnumerator(die));
            compatible = new TypeLink(new BaseType(null, SyntheticIntName(size ?? 4, signed), size ?? 4, signed ? BaseTypeEncoding.Signed : BaseTypeEncoding.Unsigned));
        }
        return new EnumType(key, name, declaration ? null : size, !declaration, signed, compatible, die.GetUnsigned(DwarfAttribute.Alignment),
            () => ReadEnumerators(key));
    }

    private static bool HasNegativeEnumerator(Die die)
    {
        foreach (Die child in die.Children)
        {
            if (child.Tag == DwarfTag.Enumerator && child.TryGet(DwarfAttribute.ConstValue, out AttributeValue v) && v.IsSigned && (long)v.Value < 0)
                return true;
        }
        return false;
    }

    private IReadOnlyList<Enumerator> ReadEnumerators(ulong key)
    {
        var list = new List<Enumerator>();
        foreach (Die child in Dwarf.GetDie(key).Children)
        {
            if (child.Tag != DwarfTag.Enumerator)
                continue;
            long value = 0;
            if (child.TryGet(DwarfAttribute.ConstValue, out AttributeValue v) && v.IsConstant)
                value = (long)v.Value; // data forms zero-extend; negative values come as sdata
            list.Add(new Enumerator(child.Name ?? "", value));
        }
        return list;
    }

    private static string SyntheticIntName(ulong size, bool signed) => (size, signed) switch
    {
        (1, true) => "signed char",
        (1, false) => "unsigned char",
        (2, true) => "short int",
        (2, false) => "short unsigned int",
        (4, true) => "int",
        (4, false) => "unsigned int",
        (8, true) => "long int",
        (8, false) => "long unsigned int",
        _ => signed ? $"int{size * 8}" : $"uint{size * 8}",
    };

    private CType BuildArray(Die die)
    {
        TypeLink element = Link(die, DwarfAttribute.Type);
        var dims = new List<ulong?>();
        foreach (Die child in die.Children)
        {
            if (child.Tag is DwarfTag.SubrangeType or DwarfTag.GenericSubrange or DwarfTag.EnumerationType)
                dims.Add(child.Tag == DwarfTag.EnumerationType ? (ulong)EnumCount(child) : SubrangeLength(child));
        }
        if (dims.Count == 0)
            dims.Add(null);
        // int a[2][3] is one DIE with two subranges: build int[3] first, then 2 of those.
        for (int i = dims.Count - 1; i > 0; i--)
            element = new TypeLink(new ArrayType(null, element, dims[i]));
        return new ArrayType(die.Key, element, dims[0]);
    }

    private static int EnumCount(Die e)
    {
        int n = 0;
        foreach (Die c in e.Children)
        {
            if (c.Tag == DwarfTag.Enumerator)
                n++;
        }
        return n;
    }

    /// <summary>Elements of one subrange: DW_AT_count, or upper - lower + 1; null when unknown (flexible or variable).</summary>
    private static ulong? SubrangeLength(Die s)
    {
        if (s.TryGet(DwarfAttribute.Count, out AttributeValue count))
            return count.IsConstant ? count.Value : null;
        if (!s.TryGet(DwarfAttribute.UpperBound, out AttributeValue upper) || !upper.IsConstant)
            return null;
        // Upper bounds are unsigned in data forms, except the all-ones values older compilers
        // wrote for "[0]" arrays (upper bound -1).
        long hi = upper.IsSigned ? (long)upper.Value
            : upper.Form == DwarfForm.Data8 && upper.Value == ulong.MaxValue ? -1
            : upper.Form == DwarfForm.Data4 && upper.Value == uint.MaxValue ? -1
            : (long)upper.Value;
        long lo = s.GetSigned(DwarfAttribute.LowerBound) ?? 0;
        return hi < lo ? 0 : (ulong)(hi - lo) + 1;
    }

    private CType BuildFunction(Die die)
    {
        // An out-of-line instance (DW_AT_abstract_origin) or a definition of a declared function
        // (DW_AT_specification) takes name, return type and parameters from the DIE it refers to.
        Die source = die;
        for (int hop = 0; hop < 4; hop++)
        {
            ulong? origin = source.GetReference(DwarfAttribute.AbstractOrigin) ?? source.GetReference(DwarfAttribute.Specification);
            if (origin == null || Dwarf.FindUnit(origin.Value) == null)
                break;
            source = Dwarf.GetDie(origin.Value);
        }
        ulong sourceKey = source.Key;
        string? name = die.Tag == DwarfTag.Subprogram ? source.Name : null;
        return new FunctionType(die.Key, name, Link(source, DwarfAttribute.Type), source.GetFlag(DwarfAttribute.Prototyped),
            () => ReadParameters(sourceKey));
    }

    private FunctionParameterList ReadParameters(ulong key)
    {
        var list = new List<FunctionParameter>();
        bool variadic = false;
        foreach (Die child in Dwarf.GetDie(key).Children)
        {
            if (child.Tag == DwarfTag.FormalParameter)
                list.Add(new FunctionParameter(child.Name, Link(child, DwarfAttribute.Type)));
            else if (child.Tag == DwarfTag.UnspecifiedParameters)
                variadic = true;
        }
        return new FunctionParameterList(list, variadic);
    }
}
