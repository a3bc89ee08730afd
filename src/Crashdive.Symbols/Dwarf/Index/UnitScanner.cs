using System.Runtime.CompilerServices;

namespace Crashdive.Symbols.Dwarf.Index;

/// <summary>
/// The hot loop of the name index: one pass over a unit's top-level DIEs, recording named types,
/// variables, functions and enumerators. Function bodies and struct members are stepped over
/// (by DW_AT_sibling when present); only enumeration types are descended into. No allocation per DIE.
/// </summary>
internal static class UnitScanner
{
    /// <summary>What the scan keeps of one DIE's attributes.</summary>
    private struct Scanned
    {
        public AttributeValue Name;
        public bool HasName;
        public ulong Origin;        // DW_AT_specification or DW_AT_abstract_origin target (section offset), 0 if none
        public ulong Sibling;
        public ulong ByteSize;
        public ulong DeclLine;
        public ulong ConstValue;
        public bool Declaration;
        public bool HasStorage;     // DW_AT_location / DW_AT_const_value (variables), DW_AT_low_pc / DW_AT_ranges (functions)
        public ulong Identity;      // more of what makes a type the same (an enum's first constant)
    }

    private static readonly NameIndexKind[] KindByTag = BuildKindTable();

    private static NameIndexKind[] BuildKindTable()
    {
        var t = new NameIndexKind[0x50];
        t[DwarfTag.StructureType] = NameIndexKind.Struct;
        t[DwarfTag.UnionType] = NameIndexKind.Union;
        t[DwarfTag.ClassType] = NameIndexKind.Class;
        t[DwarfTag.EnumerationType] = NameIndexKind.Enum;
        t[DwarfTag.Typedef] = NameIndexKind.Typedef;
        t[DwarfTag.BaseType] = NameIndexKind.Base;
        t[DwarfTag.UnspecifiedType] = NameIndexKind.Base;
        t[DwarfTag.Variable] = NameIndexKind.Variable;
        t[DwarfTag.Subprogram] = NameIndexKind.Function;
        return t;
    }

    /// <summary>Scans one unit into <paramref name="sink"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of the index scan: tier-0 code made the first scan ~2x slower (bench/)
    public static void Scan(DwarfUnit unit, EntrySet sink)
    {
        if (unit.FirstDieOffset >= unit.End)
            return;
        var r = new DwarfReader(unit.Section, (int)unit.FirstDieOffset, (int)unit.End);
        AbbreviationTable table = unit.AbbreviationsForScan;
        int at = r.Position;
        ulong code = r.ReadULeb128();
        if (code == 0)
            return;
        Abbreviation unitAbbrev = table.Get(code) ?? throw DieWalker.MissingAbbrev(unit, at, code);
        FormReader.SkipAttributes(ref r, unitAbbrev, unit);
        if (!unitAbbrev.HasChildren)
            return;
        ulong flag = unit.SectionFlag;

        while (r.Remaining > 0)
        {
            at = r.Position;
            code = r.ReadULeb128();
            if (code == 0)
                break; // end of the unit DIE's children; anything after is padding
            Abbreviation ab = table.Get(code) ?? throw DieWalker.MissingAbbrev(unit, at, code);
            if (ab.UnknownFormIndex >= 0)
                throw DieWalker.UnknownForm(unit, at, ab);
            ushort tag = ab.Tag;
            NameIndexKind kind = tag < KindByTag.Length ? KindByTag[tag] : NameIndexKind.None;
            if (kind == NameIndexKind.None)
            {
                int attrStart = r.Position;
                ulong sib = DieWalker.ReadSiblingAndSkip(ref r, ab, unit, attrStart);
                if (ab.HasChildren)
                    SkipSubtree(ref r, unit, table, sib);
                continue;
            }

            ReadAttributes(ref r, ab, unit, out Scanned s);
            if (kind == NameIndexKind.Enum && ab.HasChildren)
            {
                // A named enum this thread has already recorded at a lower offset (the same header
                // seen in an earlier unit: same name, size, line and first constant) has recorded
                // its enumerators too: step over them. A third of the scan's set insertions were
                // such repeated enumerators on vmlinux.
                s.Identity = PeekFirstEnumerator(r, unit, table, sink.Names);
                if (s.HasName && !Record(unit, table, s, kind, flag | (uint)at, sink) && !s.Declaration)
                    SkipSubtree(ref r, unit, table, s.Sibling);
                else
                    ScanEnumerators(ref r, unit, table, flag | (uint)at, s, sink);
                continue;
            }
            if (s.HasName || s.Origin != 0)
                Record(unit, table, s, kind, flag | (uint)at, sink);
            if (ab.HasChildren)
                SkipSubtree(ref r, unit, table, s.Sibling);
        }
    }

    private static void SkipSubtree(ref DwarfReader r, DwarfUnit unit, AbbreviationTable table, ulong sibling)
    {
        if (sibling > (ulong)r.Position && sibling <= unit.End)
            r.Position = (int)sibling;
        else
            DieWalker.SkipChildren(ref r, unit, table);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of the index scan
    private static void ReadAttributes(ref DwarfReader r, Abbreviation ab, DwarfUnit unit, out Scanned s)
    {
        if (!ab.ScanLayoutKnown)
        {
            ab.ScanLayout = ScanLayout.For(ab, unit.Format);
            ab.ScanLayoutKnown = true;
        }
        ScanLayout? layout = ab.ScanLayout;
        if (layout != null)
            ReadFixed(ref r, ab, layout, unit, out s);
        else
            ReadEach(ref r, ab, unit, out s);
    }

    /// <summary>Reads just the needed values at their precomputed offsets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of the index scan
    private static void ReadFixed(ref DwarfReader r, Abbreviation ab, ScanLayout l, DwarfUnit unit, out Scanned s)
    {
        s = default;
        AttributeSpec[] specs = ab.Attributes;
        int start = r.Position;
        AttributeValue v;
        if (l.NameIndex >= 0)
        {
            r.Position = start + l.NameOffset;
            FormReader.Read(ref r, specs[l.NameIndex], unit, out s.Name);
            s.HasName = s.Name.IsString;
        }
        if (l.SiblingIndex >= 0)
        {
            r.Position = start + l.SiblingOffset;
            FormReader.Read(ref r, specs[l.SiblingIndex], unit, out v);
            if (v.IsReference && v.Form != DwarfForm.RefAddr)
                s.Sibling = v.Value;
        }
        if (l.OriginIndex >= 0)
        {
            r.Position = start + l.OriginOffset;
            FormReader.Read(ref r, specs[l.OriginIndex], unit, out v);
            if (v.IsReference)
                s.Origin = v.Value;
        }
        if (l.ByteSizeIndex >= 0)
        {
            r.Position = start + l.ByteSizeOffset;
            FormReader.Read(ref r, specs[l.ByteSizeIndex], unit, out v);
            s.ByteSize = v.Value;
        }
        if (l.DeclLineIndex >= 0)
        {
            r.Position = start + l.DeclLineOffset;
            FormReader.Read(ref r, specs[l.DeclLineIndex], unit, out v);
            s.DeclLine = v.Value;
        }
        if (l.ConstValueIndex >= 0)
        {
            r.Position = start + l.ConstValueOffset;
            FormReader.Read(ref r, specs[l.ConstValueIndex], unit, out v);
            s.ConstValue = v.Value;
        }
        if (l.DeclarationIndex >= 0)
        {
            r.Position = start + l.DeclarationOffset;
            FormReader.Read(ref r, specs[l.DeclarationIndex], unit, out v);
            s.Declaration = v.Value != 0;
        }
        s.HasStorage = l.HasStorage;
        r.Position = start + ab.FixedSize;
    }

    /// <summary>Decodes attribute by attribute (abbreviations with strings, blocks or LEB128 values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of the index scan
    private static void ReadEach(ref DwarfReader r, Abbreviation ab, DwarfUnit unit, out Scanned s)
    {
        s = default;
        AttributeSpec[] specs = ab.Attributes;
        for (int i = 0; i < specs.Length; i++)
        {
            ref readonly AttributeSpec spec = ref specs[i];
            switch (spec.Attribute)
            {
                case DwarfAttribute.Name:
                    FormReader.Read(ref r, spec, unit, out s.Name);
                    s.HasName = s.Name.IsString;
                    break;
                case DwarfAttribute.Sibling:
                {
                    FormReader.Read(ref r, spec, unit, out AttributeValue v);
                    if (v.IsReference && v.Form != DwarfForm.RefAddr)
                        s.Sibling = v.Value;
                    break;
                }
                case DwarfAttribute.Declaration:
                {
                    FormReader.Read(ref r, spec, unit, out AttributeValue v);
                    s.Declaration = v.Value != 0;
                    break;
                }
                case DwarfAttribute.Specification:
                case DwarfAttribute.AbstractOrigin:
                {
                    FormReader.Read(ref r, spec, unit, out AttributeValue v);
                    if (v.IsReference)
                        s.Origin = v.Value == 0 ? 0 : v.Value;
                    break;
                }
                case DwarfAttribute.ByteSize:
                {
                    FormReader.Read(ref r, spec, unit, out AttributeValue v);
                    s.ByteSize = v.Value;
                    break;
                }
                case DwarfAttribute.DeclLine:
                {
                    FormReader.Read(ref r, spec, unit, out AttributeValue v);
                    s.DeclLine = v.Value;
                    break;
                }
                case DwarfAttribute.ConstValue:
                {
                    FormReader.Read(ref r, spec, unit, out AttributeValue v);
                    s.ConstValue = v.Value;
                    s.HasStorage = true;
                    break;
                }
                case DwarfAttribute.Location:
                case DwarfAttribute.LowPc:
                case DwarfAttribute.Ranges:
                    s.HasStorage = true;
                    FormReader.Skip(ref r, spec.Form, unit, spec.Attribute);
                    break;
                default:
                    FormReader.Skip(ref r, spec.Form, unit, spec.Attribute);
                    break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of the index scan: tier-0 code made the first scan ~2x slower (bench/)
    /// <summary>Records one DIE; false when an equivalent entry at a lower offset was already held (or the DIE has no usable name).</summary>
    private static bool Record(DwarfUnit unit, AbbreviationTable table, in Scanned s, NameIndexKind kind, ulong dieKey, EntrySet sink)
    {
        ulong hash;
        if (s.HasName)
        {
            if (!TryNameHash(unit, table, s.Name, sink.Names, out hash))
                return false;
        }
        else if (!TryOriginNameHash(unit, table, s.Origin, out hash))
        {
            return false;
        }

        bool declaration;
        ulong discriminator;
        switch (kind)
        {
            case NameIndexKind.Variable:
            case NameIndexKind.Function:
                // Definitions are all kept (static symbols of one name in many files are distinct);
                // declarations, repeated in every unit that includes the header, collapse by line.
                declaration = s.Declaration || !s.HasStorage;
                discriminator = declaration ? s.DeclLine : dieKey | (1UL << 63);
                break;
            default:
                // A type defined in a header appears in every unit including it: keep one per
                // (name, kind, size, declaration line). Two different types agreeing on all four
                // would be merged (lookups then find the first, as they would anyway); declarations
                // collapse to one per name. On vmlinux this turns 2.1M records into 165k entries.
                declaration = s.Declaration;
                discriminator = declaration ? 0 : NameHash.Mix(NameHash.Mix(s.ByteSize, s.DeclLine), s.Identity);
                break;
        }
        ulong packed = NameIndexEntry.Pack(dieKey, kind, declaration);
        ulong key = discriminator ^ ((ulong)kind << 56) ^ (declaration ? 1UL << 60 : 0);
        return sink.Add(hash, key, packed);
    }

    /// <summary>
    /// Name hash and value of an enumeration's first constant, read through a copy of the reader
    /// (the enum's children start where <paramref name="r"/> is); 0 when the first child is not a
    /// named enumerator.
    /// </summary>
    private static ulong PeekFirstEnumerator(DwarfReader r, DwarfUnit unit, AbbreviationTable table, StringHashCache names)
    {
        if (r.Remaining == 0)
            return 0;
        int at = r.Position;
        ulong code = r.ReadULeb128();
        if (code == 0)
            return 0;
        Abbreviation ab = table.Get(code) ?? throw DieWalker.MissingAbbrev(unit, at, code);
        if (ab.Tag != DwarfTag.Enumerator || ab.UnknownFormIndex >= 0)
            return 0;
        ReadAttributes(ref r, ab, unit, out Scanned e);
        if (!e.HasName || !TryNameHash(unit, table, e.Name, names, out ulong hash))
            return 0;
        return NameHash.Mix(hash, e.ConstValue);
    }

    /// <summary>The hash of a name attribute, from the per-thread cache for .debug_str offsets.</summary>
    private static bool TryNameHash(DwarfUnit unit, AbbreviationTable table, in AttributeValue v, StringHashCache cache, out ulong hash)
    {
        if (v.Form == DwarfForm.Strp && cache.TryGet(v.Value, out hash))
            return true;
        if (!NameBytes(unit, table, v, out ReadOnlySpan<byte> name))
        {
            hash = 0;
            return false;
        }
        hash = NameHash.Of(name);
        if (v.Form == DwarfForm.Strp)
            cache.Add(v.Value, hash);
        return true;
    }

    /// <summary>A name's bytes; string-offset bases (DWARF 5 strx) come from the unit DIE read with the scan's table.</summary>
    private static bool NameBytes(DwarfUnit unit, AbbreviationTable table, in AttributeValue v, out ReadOnlySpan<byte> name)
    {
        ulong strBase = v.Form is DwarfForm.Strp or DwarfForm.String or DwarfForm.LineStrp ? 0 : unit.DieInfoWith(table).StrOffsetsBase;
        return unit.File.TryGetStringBytes(unit, v, strBase, out name);
    }

    /// <summary>Name of a DIE named only through DW_AT_specification / DW_AT_abstract_origin (at most 4 hops).</summary>
    private static bool TryOriginNameHash(DwarfUnit unit, AbbreviationTable table, ulong origin, out ulong hash)
    {
        hash = 0;
        DwarfFile file = unit.File;
        for (int hop = 0; hop < 4 && origin != 0; hop++)
        {
            ulong key = unit.SectionFlag | origin;
            DwarfUnit? target = origin >= unit.Offset && origin < unit.End ? unit : file.FindUnit(key);
            if (target == null)
                return false;
            Die die = target == unit ? file.GetDie(target, origin, table) : file.GetDie(target, origin);
            if (die.TryGet(DwarfAttribute.Name, out AttributeValue v) && NameBytes(target, table, v, out ReadOnlySpan<byte> name))
            {
                hash = NameHash.Of(name);
                return true;
            }
            ulong? next = die.GetReference(DwarfAttribute.Specification) ?? die.GetReference(DwarfAttribute.AbstractOrigin);
            if (next == null)
                return false;
            origin = next.Value & ~DwarfFile.TypesSectionFlag;
            if (target != unit)
            {
                unit = target;
                table = target.Abbreviations;
            }
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of the index scan: tier-0 code made the first scan ~2x slower (bench/)
    private static void ScanEnumerators(ref DwarfReader r, DwarfUnit unit, AbbreviationTable table, ulong enumKey, in Scanned enumType, EntrySet sink)
    {
        ulong enumIdentity = NameHash.Mix(NameHash.Mix(enumType.ByteSize, enumType.DeclLine), enumType.Identity);
        while (r.Remaining > 0)
        {
            int at = r.Position;
            ulong code = r.ReadULeb128();
            if (code == 0)
                return;
            Abbreviation ab = table.Get(code) ?? throw DieWalker.MissingAbbrev(unit, at, code);
            if (ab.UnknownFormIndex >= 0)
                throw DieWalker.UnknownForm(unit, at, ab);
            if (ab.Tag != DwarfTag.Enumerator)
            {
                int attrStart = r.Position;
                ulong sib = DieWalker.ReadSiblingAndSkip(ref r, ab, unit, attrStart);
                if (ab.HasChildren)
                    SkipSubtree(ref r, unit, table, sib);
                continue;
            }
            ReadAttributes(ref r, ab, unit, out Scanned e);
            if (ab.HasChildren)
                SkipSubtree(ref r, unit, table, e.Sibling);
            if (!e.HasName || !TryNameHash(unit, table, e.Name, sink.Names, out ulong hash))
                continue;
            ulong key = NameHash.Mix(e.ConstValue, enumIdentity) ^ ((ulong)NameIndexKind.Enumerator << 56);
            sink.Add(hash, key, NameIndexEntry.Pack(enumKey, NameIndexKind.Enumerator, false));
        }
    }
}
