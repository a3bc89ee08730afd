using System.Runtime.CompilerServices;

namespace Crashdive.Symbols.Dwarf;

/// <summary>
/// One .debug_abbrev entry: a DIE's tag, whether it has children, and its attribute specs, with
/// what the scanners need precomputed for one unit format (fixed total size, where DW_AT_sibling is).
/// </summary>
internal sealed class Abbreviation
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per unit before tiering kicks in
    public Abbreviation(ulong code, ushort tag, bool hasChildren, AttributeSpec[] attributes, long offset, UnitFormat format)
    {
        Code = code;
        Tag = tag;
        HasChildren = hasChildren;
        Attributes = attributes;
        Offset = offset;
        Format = format;

        int fixedSize = 0;
        for (int i = 0; i < attributes.Length; i++)
        {
            int size = FormReader.FixedSize(attributes[i].Form, format);
            if (attributes[i].Attribute == DwarfAttribute.Sibling && SiblingIndex < 0)
            {
                SiblingIndex = i;
                if (fixedSize >= 0)
                    SiblingFixedOffset = fixedSize;
            }
            if (size == FormReader.UnknownSize && UnknownFormIndex < 0)
                UnknownFormIndex = i;
            fixedSize = size >= 0 && fixedSize >= 0 ? fixedSize + size : -1;
        }
        FixedSize = fixedSize;
    }

    /// <summary>The abbreviation code DIEs refer to.</summary>
    public ulong Code { get; }

    /// <summary>DW_TAG_* of DIEs using this abbreviation.</summary>
    public ushort Tag { get; }

    /// <summary>DW_CHILDREN_yes.</summary>
    public bool HasChildren { get; }

    /// <summary>The (attribute, form) pairs in order.</summary>
    public AttributeSpec[] Attributes { get; }

    /// <summary>Offset in .debug_abbrev of the first entry seen with this content (entries are shared, see <see cref="AbbreviationInterner"/>).</summary>
    public long Offset { get; }

    /// <summary>The unit format the sizes were computed for.</summary>
    public UnitFormat Format { get; }

    /// <summary>Total bytes of a DIE's attributes when every form has a fixed size; -1 otherwise.</summary>
    public int FixedSize { get; }

    /// <summary>Index of DW_AT_sibling in <see cref="Attributes"/>, or -1.</summary>
    public int SiblingIndex { get; } = -1;

    /// <summary>Bytes from the attributes' start to DW_AT_sibling's value when all before it are fixed-size; -1 otherwise.</summary>
    public int SiblingFixedOffset { get; } = -1;

    /// <summary>Index of the first attribute whose form this reader cannot size, or -1.</summary>
    public int UnknownFormIndex { get; } = -1;

    /// <summary>Set by the index scan on first use (a benign race: every thread computes the same).</summary>
    internal Index.ScanLayout? ScanLayout;

    /// <summary>True once <see cref="ScanLayout"/> has been computed (it may be null: variable-size attributes).</summary>
    internal bool ScanLayoutKnown;
}
