using System.Collections.Concurrent;
using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Index;

namespace Crashdive.Symbols.Types;

/// <summary>
/// Builds <see cref="Type"/> objects from DIEs on demand and keeps them, one per DIE. Building a
/// type reads only its own DIE; members, enumerators, parameters and referenced types are read
/// when first asked for. Declarations of structs, unions and enums are replaced by their
/// definition (found by name through the index) when one exists anywhere in the file.
/// </summary>
public sealed partial class TypeFactory
{
    private readonly ConcurrentDictionary<ulong, CType> _cache = new();

    /// <summary>Creates a factory over <paramref name="dwarf"/>; <paramref name="index"/> resolves declarations (null: they stay incomplete).</summary>
    public TypeFactory(DwarfFile dwarf, NameIndex? index)
    {
        Dwarf = dwarf;
        Index = index;
    }

    /// <summary>The DWARF data types are built from.</summary>
    public DwarfFile Dwarf { get; }

    /// <summary>The name index used to find definitions, or null.</summary>
    public NameIndex? Index { get; }

    /// <summary>Number of types built so far.</summary>
    public int CachedCount => _cache.Count;

    /// <summary>The type of the DIE with key <paramref name="dieKey"/>, built on first request.</summary>
    public CType GetType(ulong dieKey)
    {
        if (_cache.TryGetValue(dieKey, out CType? t))
            return t;
        t = Build(Dwarf.GetDie(dieKey));
        return _cache.GetOrAdd(dieKey, t);
    }

    private CType Build(Die die)
    {
        ulong key = die.Key;
        switch (die.Tag)
        {
            case DwarfTag.BaseType:
                return new BaseType(key, die.Name ?? "?", die.GetUnsigned(DwarfAttribute.ByteSize) ?? (die.GetUnsigned(DwarfAttribute.BitSize) + 7) / 8 ?? 0,
                    (BaseTypeEncoding)(die.GetUnsigned(DwarfAttribute.Encoding) ?? 0), die.GetUnsigned(DwarfAttribute.Alignment));
            case DwarfTag.UnspecifiedType:
                return VoidType.Instance;
            case DwarfTag.PointerType:
            case DwarfTag.ReferenceType:
            case DwarfTag.RvalueReferenceType:
                return new PointerType(key, Link(die, DwarfAttribute.Type), die.GetUnsigned(DwarfAttribute.ByteSize) ?? die.Unit.AddressSize,
                    die.Tag != DwarfTag.PointerType);
            case DwarfTag.ConstType:
                return new QualifiedType(key, Qualifiers.Const, Link(die, DwarfAttribute.Type));
            case DwarfTag.VolatileType:
                return new QualifiedType(key, Qualifiers.Volatile, Link(die, DwarfAttribute.Type));
            case DwarfTag.RestrictType:
                return new QualifiedType(key, Qualifiers.Restrict, Link(die, DwarfAttribute.Type));
            case DwarfTag.AtomicType:
                return new QualifiedType(key, Qualifiers.Atomic, Link(die, DwarfAttribute.Type));
            case DwarfTag.Typedef:
                return new TypedefType(key, die.Name ?? "", Link(die, DwarfAttribute.Type));
            case DwarfTag.StructureType:
                return BuildStruct(die, TypeKind.Struct, NameIndexKind.Struct);
            case DwarfTag.UnionType:
                return BuildStruct(die, TypeKind.Union, NameIndexKind.Union);
            case DwarfTag.ClassType:
                return BuildStruct(die, TypeKind.Class, NameIndexKind.Class);
            case DwarfTag.EnumerationType:
                return BuildEnum(die);
            case DwarfTag.ArrayType:
                return BuildArray(die);
            case DwarfTag.SubroutineType:
            case DwarfTag.Subprogram:
                return BuildFunction(die);
            default:
                return new UnknownType(key, die.Tag, die.Name, die.GetUnsigned(DwarfAttribute.ByteSize));
        }
    }

    /// <summary>A lazy link to the type DIE named by <paramref name="attribute"/>; void when the DIE has none.</summary>
    internal TypeLink Link(Die die, ushort attribute)
    {
        ulong? target = die.GetReference(attribute);
        return target is ulong k ? new TypeLink(this, k) : TypeLink.Void;
    }

    /// <summary>The key of a definition (not a declaration) of <paramref name="kind"/> named <paramref name="name"/>, or null.</summary>
    internal ulong? FindDefinition(string name, NameIndexKind kind)
    {
        if (Index == null)
            return null;
        foreach (IndexHit hit in Index.Find(name, kind))
        {
            if (!hit.IsDeclaration)
                return hit.DieKey;
        }
        return null;
    }
}
