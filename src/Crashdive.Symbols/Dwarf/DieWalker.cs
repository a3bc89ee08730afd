using System.Runtime.CompilerServices;

namespace Crashdive.Symbols.Dwarf;

/// <summary>Steps over DIEs and whole subtrees, using DW_AT_sibling where it is present and sane.</summary>
internal static class DieWalker
{
    /// <summary>
    /// With the reader just past <paramref name="abbrev"/>'s code, skips the DIE's attributes and,
    /// if it has children, its whole subtree. Returns the offset of the next sibling.
    /// </summary>
    public static int SkipDie(ref DwarfReader r, Abbreviation abbrev, DwarfUnit unit)
    {
        int attrStart = r.Position;
        ulong sibling = ReadSiblingAndSkip(ref r, abbrev, unit, attrStart);
        if (!abbrev.HasChildren)
            return r.Position;
        if (sibling > (ulong)r.Position && sibling <= unit.End)
            return (int)sibling;
        SkipChildren(ref r, unit);
        return r.Position;
    }

    /// <summary>
    /// Skips the attributes of a DIE using <paramref name="abbrev"/> and returns its DW_AT_sibling as
    /// an absolute section offset (0 when it has none).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadSiblingAndSkip(ref DwarfReader r, Abbreviation abbrev, DwarfUnit unit, int attrStart)
    {
        if (abbrev.SiblingIndex < 0 || !abbrev.HasChildren)
        {
            FormReader.SkipAttributes(ref r, abbrev, unit);
            return 0;
        }
        if (abbrev.SiblingFixedOffset >= 0 && abbrev.FixedSize >= 0)
        {
            AttributeSpec spec = abbrev.Attributes[abbrev.SiblingIndex];
            r.Position = attrStart + abbrev.SiblingFixedOffset;
            FormReader.Read(ref r, spec, unit, out AttributeValue sv);
            r.Position = attrStart + abbrev.FixedSize;
            return sv.IsReference && sv.Form != DwarfForm.RefAddr ? sv.Value : 0;
        }
        ulong sibling = 0;
        AttributeSpec[] specs = abbrev.Attributes;
        for (int i = 0; i < specs.Length; i++)
        {
            if (i == abbrev.SiblingIndex)
            {
                FormReader.Read(ref r, specs[i], unit, out AttributeValue sv);
                if (sv.IsReference && sv.Form != DwarfForm.RefAddr)
                    sibling = sv.Value;
            }
            else
            {
                FormReader.Skip(ref r, specs[i].Form, unit, specs[i].Attribute);
            }
        }
        return sibling;
    }

    /// <summary>With the reader at a DIE's first child, skips all children and the terminating null entry.</summary>
    public static void SkipChildren(ref DwarfReader r, DwarfUnit unit) => SkipChildren(ref r, unit, unit.Abbreviations);

    /// <summary>As <see cref="SkipChildren(ref DwarfReader, DwarfUnit)"/> with the unit's abbreviations given.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of the index scan
    public static void SkipChildren(ref DwarfReader r, DwarfUnit unit, AbbreviationTable table)
    {
        int depth = 1;
        while (depth > 0)
        {
            if (r.Remaining == 0)
                return; // unit ended without closing nulls: tolerated
            int at = r.Position;
            ulong code = r.ReadULeb128();
            if (code == 0)
            {
                depth--;
                continue;
            }
            Abbreviation ab = table.Get(code) ?? throw MissingAbbrev(unit, at, code);
            if (ab.UnknownFormIndex >= 0 && ab.FixedSize < 0)
                throw UnknownForm(unit, at, ab);
            int attrStart = r.Position;
            ulong sibling = ReadSiblingAndSkip(ref r, ab, unit, attrStart);
            if (!ab.HasChildren)
                continue;
            if (sibling > (ulong)r.Position && sibling <= unit.End)
                r.Position = (int)sibling;
            else
                depth++;
        }
    }

    public static DebugInfoFormatException MissingAbbrev(DwarfUnit unit, int at, ulong code) =>
        unit.Section.Error(at, $"DIE uses abbreviation {code}, which its table (.debug_abbrev+0x{unit.AbbrevOffset:x}) lacks");

    public static DebugInfoFormatException UnknownForm(DwarfUnit unit, int at, Abbreviation ab)
    {
        AttributeSpec s = ab.Attributes[ab.UnknownFormIndex];
        return unit.Section.Error(at, $"DIE ({DwarfTag.ToName(ab.Tag)}, abbreviation {ab.Code}) has {DwarfAttribute.ToName(s.Attribute)} in form {DwarfForm.ToName(s.Form)}, whose size is unknown");
    }
}
