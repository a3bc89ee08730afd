using System.Runtime.CompilerServices;

namespace Crashdive.Symbols.Dwarf;

/// <summary>
/// Sizes, skips and decodes attribute values of every DWARF 2-5 form (and the GNU extensions
/// that have a known size). An unknown form has an unknown size, so a DIE using one cannot be
/// stepped over: that is reported with the DIE's offset, never guessed.
/// </summary>
internal static class FormReader
{
    /// <summary>Returned by <see cref="FixedSize"/> for forms whose size is in the data (LEB128, blocks, strings).</summary>
    public const int VariableSize = -1;

    /// <summary>Returned by <see cref="FixedSize"/> for forms this reader does not know.</summary>
    public const int UnknownSize = -2;

    /// <summary>The number of bytes a value of <paramref name="form"/> takes, <see cref="VariableSize"/> or <see cref="UnknownSize"/>.</summary>
    public static int FixedSize(ushort form, UnitFormat format) => form switch
    {
        DwarfForm.Addr => format.AddressSize,
        DwarfForm.Data1 or DwarfForm.Ref1 or DwarfForm.Flag or DwarfForm.Strx1 or DwarfForm.Addrx1 => 1,
        DwarfForm.Data2 or DwarfForm.Ref2 or DwarfForm.Strx2 or DwarfForm.Addrx2 => 2,
        DwarfForm.Strx3 or DwarfForm.Addrx3 => 3,
        DwarfForm.Data4 or DwarfForm.Ref4 or DwarfForm.RefSup4 or DwarfForm.Strx4 or DwarfForm.Addrx4 => 4,
        DwarfForm.Data8 or DwarfForm.Ref8 or DwarfForm.RefSig8 or DwarfForm.RefSup8 => 8,
        DwarfForm.Data16 => 16,
        DwarfForm.Strp or DwarfForm.LineStrp or DwarfForm.SecOffset or DwarfForm.StrpSup
            or DwarfForm.GnuRefAlt or DwarfForm.GnuStrpAlt => format.OffsetSize,
        DwarfForm.RefAddr => format.RefAddrSize,
        DwarfForm.FlagPresent or DwarfForm.ImplicitConst => 0,
        DwarfForm.String or DwarfForm.Block or DwarfForm.Block1 or DwarfForm.Block2 or DwarfForm.Block4
            or DwarfForm.Exprloc or DwarfForm.Sdata or DwarfForm.Udata or DwarfForm.RefUdata
            or DwarfForm.Strx or DwarfForm.Addrx or DwarfForm.Loclistx or DwarfForm.Rnglistx
            or DwarfForm.GnuAddrIndex or DwarfForm.GnuStrIndex or DwarfForm.Indirect => VariableSize,
        _ => UnknownSize,
    };

    /// <summary>Skips all attributes of a DIE using <paramref name="abbrev"/>, starting at the reader's position.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SkipAttributes(ref DwarfReader r, Abbreviation abbrev, DwarfUnit unit)
    {
        int fixedSize = abbrev.FixedSize;
        if (fixedSize >= 0)
        {
            r.Skip((ulong)fixedSize);
            return;
        }
        SkipAttributesSlow(ref r, abbrev, unit);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of the index scan: tier-0 code made the first scan ~2x slower (bench/)
    private static void SkipAttributesSlow(ref DwarfReader r, Abbreviation abbrev, DwarfUnit unit)
    {
        AttributeSpec[] specs = abbrev.Attributes;
        for (int i = 0; i < specs.Length; i++)
            Skip(ref r, specs[i].Form, unit, specs[i].Attribute);
    }

    /// <summary>Skips one value of <paramref name="form"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of the index scan: tier-0 code made the first scan ~2x slower (bench/)
    public static void Skip(ref DwarfReader r, ushort form, DwarfUnit unit, ushort attribute)
    {
        switch (form)
        {
            case DwarfForm.FlagPresent:
            case DwarfForm.ImplicitConst:
                return;
            case DwarfForm.Data1:
            case DwarfForm.Ref1:
            case DwarfForm.Flag:
            case DwarfForm.Strx1:
            case DwarfForm.Addrx1:
                r.Skip(1);
                return;
            case DwarfForm.Data2:
            case DwarfForm.Ref2:
            case DwarfForm.Strx2:
            case DwarfForm.Addrx2:
                r.Skip(2);
                return;
            case DwarfForm.Strx3:
            case DwarfForm.Addrx3:
                r.Skip(3);
                return;
            case DwarfForm.Data4:
            case DwarfForm.Ref4:
            case DwarfForm.RefSup4:
            case DwarfForm.Strx4:
            case DwarfForm.Addrx4:
                r.Skip(4);
                return;
            case DwarfForm.Data8:
            case DwarfForm.Ref8:
            case DwarfForm.RefSig8:
            case DwarfForm.RefSup8:
                r.Skip(8);
                return;
            case DwarfForm.Data16:
                r.Skip(16);
                return;
            case DwarfForm.Addr:
                r.Skip(unit.AddressSize);
                return;
            case DwarfForm.Strp:
            case DwarfForm.LineStrp:
            case DwarfForm.SecOffset:
            case DwarfForm.StrpSup:
            case DwarfForm.GnuRefAlt:
            case DwarfForm.GnuStrpAlt:
                r.Skip(unit.OffsetSize);
                return;
            case DwarfForm.RefAddr:
                r.Skip((ulong)unit.Format.RefAddrSize);
                return;
            case DwarfForm.String:
                r.SkipCString();
                return;
            case DwarfForm.Block1:
                r.Skip(r.ReadU8());
                return;
            case DwarfForm.Block2:
                r.Skip(r.ReadU16());
                return;
            case DwarfForm.Block4:
                r.Skip(r.ReadU32());
                return;
            case DwarfForm.Block:
            case DwarfForm.Exprloc:
                r.Skip(r.ReadULeb128());
                return;
            case DwarfForm.Sdata:
                r.ReadSLeb128();
                return;
            case DwarfForm.Udata:
            case DwarfForm.RefUdata:
            case DwarfForm.Strx:
            case DwarfForm.Addrx:
            case DwarfForm.Loclistx:
            case DwarfForm.Rnglistx:
            case DwarfForm.GnuAddrIndex:
            case DwarfForm.GnuStrIndex:
                r.ReadULeb128();
                return;
            case DwarfForm.Indirect:
            {
                int at = r.Position;
                ulong actual = r.ReadULeb128();
                if (actual == DwarfForm.Indirect || actual > 0xffff)
                    r.Fail(at, $"DW_FORM_indirect for {DwarfAttribute.ToName(attribute)} names form 0x{actual:x}, which cannot be used there");
                Skip(ref r, (ushort)actual, unit, attribute);
                return;
            }
            default:
                r.Fail(r.Position, $"{DwarfAttribute.ToName(attribute)} uses form {DwarfForm.ToName(form)}, whose size is unknown");
                return;
        }
    }

    /// <summary>Reads one value of <paramref name="spec"/>'s form into <paramref name="value"/>.</summary>
    public static void Read(ref DwarfReader r, in AttributeSpec spec, DwarfUnit unit, out AttributeValue value)
    {
        value = default;
        value.Attribute = spec.Attribute;
        ReadForm(ref r, spec.Form, spec.ImplicitConst, unit, ref value);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of the index scan: tier-0 code made the first scan ~2x slower (bench/)
    private static void ReadForm(ref DwarfReader r, ushort form, long implicitConst, DwarfUnit unit, ref AttributeValue value)
    {
        value.Form = form;
        switch (form)
        {
            case DwarfForm.FlagPresent:
                value.Value = 1;
                return;
            case DwarfForm.ImplicitConst:
                value.Value = (ulong)implicitConst;
                return;
            case DwarfForm.Data1:
            case DwarfForm.Flag:
            case DwarfForm.Strx1:
            case DwarfForm.Addrx1:
                value.Value = r.ReadU8();
                return;
            case DwarfForm.Ref1:
                value.Value = unit.Offset + r.ReadU8();
                return;
            case DwarfForm.Data2:
            case DwarfForm.Strx2:
            case DwarfForm.Addrx2:
                value.Value = r.ReadU16();
                return;
            case DwarfForm.Ref2:
                value.Value = unit.Offset + r.ReadU16();
                return;
            case DwarfForm.Strx3:
            case DwarfForm.Addrx3:
                value.Value = r.ReadU24();
                return;
            case DwarfForm.Data4:
            case DwarfForm.RefSup4:
            case DwarfForm.Strx4:
            case DwarfForm.Addrx4:
                value.Value = r.ReadU32();
                return;
            case DwarfForm.Ref4:
                value.Value = unit.Offset + r.ReadU32();
                return;
            case DwarfForm.Data8:
            case DwarfForm.RefSig8:
            case DwarfForm.RefSup8:
                value.Value = r.ReadU64();
                return;
            case DwarfForm.Ref8:
                value.Value = unit.Offset + r.ReadU64();
                return;
            case DwarfForm.Data16:
                value.DataOffset = r.Position;
                value.DataLength = 16;
                r.Skip(16);
                return;
            case DwarfForm.Addr:
                value.Value = r.ReadAddress(unit.AddressSize);
                return;
            case DwarfForm.Strp:
            case DwarfForm.LineStrp:
            case DwarfForm.SecOffset:
            case DwarfForm.StrpSup:
            case DwarfForm.GnuRefAlt:
            case DwarfForm.GnuStrpAlt:
                value.Value = r.ReadOffset(unit.OffsetSize);
                return;
            case DwarfForm.RefAddr:
                value.Value = r.ReadUnsigned(unit.Format.RefAddrSize);
                return;
            case DwarfForm.String:
            {
                int start = r.SkipCString();
                value.DataOffset = start;
                value.DataLength = r.Position - start - 1;
                return;
            }
            case DwarfForm.Block1:
                ReadBlock(ref r, r.ReadU8(), ref value);
                return;
            case DwarfForm.Block2:
                ReadBlock(ref r, r.ReadU16(), ref value);
                return;
            case DwarfForm.Block4:
                ReadBlock(ref r, r.ReadU32(), ref value);
                return;
            case DwarfForm.Block:
            case DwarfForm.Exprloc:
                ReadBlock(ref r, r.ReadULeb128(), ref value);
                return;
            case DwarfForm.Sdata:
                value.Value = (ulong)r.ReadSLeb128();
                return;
            case DwarfForm.RefUdata:
                value.Value = unit.Offset + r.ReadULeb128();
                return;
            case DwarfForm.Udata:
            case DwarfForm.Strx:
            case DwarfForm.Addrx:
            case DwarfForm.Loclistx:
            case DwarfForm.Rnglistx:
            case DwarfForm.GnuAddrIndex:
            case DwarfForm.GnuStrIndex:
                value.Value = r.ReadULeb128();
                return;
            case DwarfForm.Indirect:
            {
                int at = r.Position;
                ulong actual = r.ReadULeb128();
                if (actual == DwarfForm.Indirect || actual > 0xffff)
                    r.Fail(at, $"DW_FORM_indirect for {DwarfAttribute.ToName(value.Attribute)} names form 0x{actual:x}, which cannot be used there");
                // An indirect implicit_const has no place for its value: DWARF 5 forbids it; read it as 0.
                ReadForm(ref r, (ushort)actual, 0, unit, ref value);
                return;
            }
            default:
                r.Fail(r.Position, $"{DwarfAttribute.ToName(value.Attribute)} uses form {DwarfForm.ToName(form)}, whose size is unknown");
                return;
        }
    }

    private static void ReadBlock(ref DwarfReader r, ulong length, ref AttributeValue value)
    {
        value.DataOffset = r.Position;
        r.Skip(length);
        value.DataLength = (int)length;
    }
}
