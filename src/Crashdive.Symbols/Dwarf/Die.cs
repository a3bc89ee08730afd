namespace Crashdive.Symbols.Dwarf;

/// <summary>
/// A debugging information entry, decoded on demand: its unit, offset and abbreviation. Attribute
/// values are read when asked for; nothing is cached on the DIE itself.
/// </summary>
public readonly partial struct Die
{
    internal Die(DwarfUnit unit, ulong offset, Abbreviation abbreviation, int attributesStart)
    {
        Unit = unit;
        SectionOffset = offset;
        Abbreviation = abbreviation;
        AttributesStart = attributesStart;
    }

    /// <summary>The unit the DIE belongs to.</summary>
    public DwarfUnit Unit { get; }

    /// <summary>Offset of the DIE in its section.</summary>
    public ulong SectionOffset { get; }

    /// <summary>The DIE's key: its .debug_info offset (with <see cref="DwarfFile.TypesSectionFlag"/> for .debug_types).</summary>
    public ulong Key => Unit.SectionFlag | SectionOffset;

    /// <summary>DW_TAG_*.</summary>
    public ushort Tag => Abbreviation.Tag;

    /// <summary>True when children follow the DIE.</summary>
    public bool HasChildren => Abbreviation.HasChildren;

    internal Abbreviation Abbreviation { get; }

    internal int AttributesStart { get; }

    /// <summary>True when the DIE has <paramref name="attribute"/> (whatever its value).</summary>
    public bool Has(ushort attribute)
    {
        foreach (AttributeSpec s in Abbreviation.Attributes)
        {
            if (s.Attribute == attribute)
                return true;
        }
        return false;
    }

    /// <summary>Reads attribute <paramref name="attribute"/>; false when the DIE lacks it.</summary>
    internal bool TryGet(ushort attribute, out AttributeValue value)
    {
        AttributeSpec[] specs = Abbreviation.Attributes;
        int index = -1;
        for (int i = 0; i < specs.Length; i++)
        {
            if (specs[i].Attribute == attribute)
            {
                index = i;
                break;
            }
        }
        if (index < 0)
        {
            value = default;
            return false;
        }
        var r = new DwarfReader(Unit.Section, AttributesStart, (int)Unit.End);
        for (int i = 0; i < index; i++)
            FormReader.Skip(ref r, specs[i].Form, Unit, specs[i].Attribute);
        FormReader.Read(ref r, specs[index], Unit, out value);
        return true;
    }

    /// <summary>The DW_AT_name string, or null.</summary>
    public string? Name => GetString(DwarfAttribute.Name);

    /// <summary>The string value of <paramref name="attribute"/>, or null when absent or not a string.</summary>
    public string? GetString(ushort attribute)
    {
        if (!TryGet(attribute, out AttributeValue v))
            return null;
        return Unit.File.TryGetStringBytes(Unit, v, out ReadOnlySpan<byte> b) ? DwarfFile.Decode(b) : null;
    }

    /// <summary>True when DW_AT_name is exactly the UTF-8 bytes <paramref name="name"/>.</summary>
    public bool NameEquals(ReadOnlySpan<byte> name)
    {
        if (!TryGet(DwarfAttribute.Name, out AttributeValue v))
            return false;
        return Unit.File.TryGetStringBytes(Unit, v, out ReadOnlySpan<byte> b) && b.SequenceEqual(name);
    }

    /// <summary>The value of a flag attribute: true when present and non-zero.</summary>
    public bool GetFlag(ushort attribute) => TryGet(attribute, out AttributeValue v) && v.Value != 0;

    /// <summary>An unsigned constant attribute, or null when absent or not a constant.</summary>
    public ulong? GetUnsigned(ushort attribute) =>
        TryGet(attribute, out AttributeValue v) && v.IsConstant ? v.Value : null;

    /// <summary>
    /// A constant attribute as signed: DW_FORM_sdata and implicit_const are signed; data1..8 and
    /// udata are zero-extended, as GCC documents its output ("consumers always zero extend": it
    /// writes negative enumerators in sdata). Null when absent or not a constant.
    /// </summary>
    public long? GetSigned(ushort attribute) =>
        TryGet(attribute, out AttributeValue v) && v.IsConstant ? (long)v.Value : null;

    /// <summary>
    /// The DIE key a reference attribute points to (resolving DW_FORM_ref_sig8 through type units),
    /// or null when absent, not a reference, or into a supplementary file.
    /// </summary>
    public ulong? GetReference(ushort attribute)
    {
        if (!TryGet(attribute, out AttributeValue v))
            return null;
        return ResolveReference(v);
    }

    internal ulong? ResolveReference(in AttributeValue v)
    {
        if (v.IsReference)
            return Unit.SectionFlag | v.Value;
        if (v.Form == DwarfForm.RefSig8)
            return Unit.File.FindTypeBySignature(v.Value);
        return null;
    }

    /// <summary>The address of an address-class attribute (DW_AT_low_pc...), or null.</summary>
    public ulong? GetAddress(ushort attribute) =>
        TryGet(attribute, out AttributeValue v) ? Unit.File.ResolveAddress(Unit, v) : null;

    /// <summary>The bytes of a block-class or exprloc attribute (a DWARF expression), or empty.</summary>
    public ReadOnlySpan<byte> GetBlock(ushort attribute)
    {
        if (!TryGet(attribute, out AttributeValue v) || !(v.IsBlock || v.Form == DwarfForm.Data16))
            return ReadOnlySpan<byte>.Empty;
        return Unit.Section.Span.Slice(v.DataOffset, v.DataLength);
    }

    /// <summary>
    /// The address ranges of the DIE: DW_AT_low_pc with DW_AT_high_pc (an address, or a length in
    /// DWARF 4+), or DW_AT_ranges. Empty when it has none.
    /// </summary>
    public IReadOnlyList<AddressRange> GetRanges()
    {
        if (TryGet(DwarfAttribute.Ranges, out AttributeValue ranges))
            return RangeListReader.Read(Unit, ranges);
        if (GetAddress(DwarfAttribute.LowPc) is not ulong low)
            return Array.Empty<AddressRange>();
        if (!TryGet(DwarfAttribute.HighPc, out AttributeValue high))
            return new[] { new AddressRange(low, low + 1) };
        ulong end = high.IsConstant ? low + high.Value : Unit.File.ResolveAddress(Unit, high) ?? low;
        return end > low ? new[] { new AddressRange(low, end) } : Array.Empty<AddressRange>();
    }

    /// <summary>The DIE's children, in order.</summary>
    public DieChildren Children => new(this);

    /// <summary>Offset just past the DIE's attributes (where its first child, or next sibling, starts).</summary>
    internal int AttributesEnd()
    {
        var r = new DwarfReader(Unit.Section, AttributesStart, (int)Unit.End);
        FormReader.SkipAttributes(ref r, Abbreviation, Unit);
        return r.Position;
    }

    /// <inheritdoc/>
    public override string ToString() => $"<0x{Key:x}> {DwarfTag.ToName(Tag)}";
}
