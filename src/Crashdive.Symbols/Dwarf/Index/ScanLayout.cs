namespace Crashdive.Symbols.Dwarf.Index;

/// <summary>
/// Where, in a DIE of one abbreviation whose attributes all have fixed sizes, the attributes the
/// index scan reads start, so the scan reads those few values directly instead of decoding every
/// attribute in turn (on vmlinux, where nearly all type,
/// variable and function abbreviations are fixed-size; about 10% less scan CPU time, measured).
/// </summary>
internal sealed class ScanLayout
{
    public const int Absent = -1;

    public int NameIndex = Absent, NameOffset;
    public int SiblingIndex = Absent, SiblingOffset;
    public int OriginIndex = Absent, OriginOffset;
    public int ByteSizeIndex = Absent, ByteSizeOffset;
    public int DeclLineIndex = Absent, DeclLineOffset;
    public int ConstValueIndex = Absent, ConstValueOffset;
    public int DeclarationIndex = Absent, DeclarationOffset;

    /// <summary>True when the abbreviation has DW_AT_location, DW_AT_low_pc, DW_AT_ranges or DW_AT_const_value.</summary>
    public bool HasStorage;

    /// <summary>The layout of <paramref name="abbrev"/>, or null when some attribute has a variable size.</summary>
    public static ScanLayout? For(Abbreviation abbrev, UnitFormat format)
    {
        if (abbrev.FixedSize < 0)
            return null;
        var l = new ScanLayout();
        int offset = 0;
        AttributeSpec[] specs = abbrev.Attributes;
        for (int i = 0; i < specs.Length; i++)
        {
            switch (specs[i].Attribute)
            {
                case DwarfAttribute.Name: Set(ref l.NameIndex, ref l.NameOffset, i, offset); break;
                case DwarfAttribute.Sibling: Set(ref l.SiblingIndex, ref l.SiblingOffset, i, offset); break;
                case DwarfAttribute.Specification:
                case DwarfAttribute.AbstractOrigin: Set(ref l.OriginIndex, ref l.OriginOffset, i, offset); break;
                case DwarfAttribute.ByteSize: Set(ref l.ByteSizeIndex, ref l.ByteSizeOffset, i, offset); break;
                case DwarfAttribute.DeclLine: Set(ref l.DeclLineIndex, ref l.DeclLineOffset, i, offset); break;
                case DwarfAttribute.Declaration: Set(ref l.DeclarationIndex, ref l.DeclarationOffset, i, offset); break;
                case DwarfAttribute.ConstValue:
                    Set(ref l.ConstValueIndex, ref l.ConstValueOffset, i, offset);
                    l.HasStorage = true;
                    break;
                case DwarfAttribute.Location:
                case DwarfAttribute.LowPc:
                case DwarfAttribute.Ranges:
                    l.HasStorage = true;
                    break;
            }
            offset += FormReader.FixedSize(specs[i].Form, format);
        }
        return l;
    }

    private static void Set(ref int index, ref int offset, int i, int at)
    {
        if (index != Absent)
            return; // the first occurrence wins, as in the attribute-by-attribute path
        index = i;
        offset = at;
    }
}
