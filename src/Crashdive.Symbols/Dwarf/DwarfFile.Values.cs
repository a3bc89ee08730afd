using System.Buffers.Binary;

namespace Crashdive.Symbols.Dwarf;

public sealed partial class DwarfFile
{
    /// <summary>
    /// The bytes of a string-class attribute (without the NUL). False for forms that point into a
    /// supplementary file (GNU_strp_alt, strp_sup), which this reader does not follow.
    /// </summary>
    internal bool TryGetStringBytes(DwarfUnit unit, in AttributeValue v, out ReadOnlySpan<byte> bytes) =>
        TryGetStringBytes(unit, v, unit.StrOffsetsBase, out bytes);

    internal bool TryGetStringBytes(DwarfUnit unit, in AttributeValue v, ulong strOffsetsBase, out ReadOnlySpan<byte> bytes)
    {
        switch (v.Form)
        {
            case DwarfForm.String:
                bytes = unit.Section.Span.Slice(v.DataOffset, v.DataLength);
                return true;
            case DwarfForm.Strp:
                bytes = Str.CString(v.Value);
                return true;
            case DwarfForm.LineStrp:
                bytes = LineStr.CString(v.Value);
                return true;
            case DwarfForm.Strx:
            case DwarfForm.Strx1:
            case DwarfForm.Strx2:
            case DwarfForm.Strx3:
            case DwarfForm.Strx4:
            case DwarfForm.GnuStrIndex:
                bytes = Str.CString(StringOffset(unit, v.Value, strOffsetsBase));
                return true;
            default:
                bytes = default;
                return false;
        }
    }

    internal bool TryReadString(DwarfUnit unit, in AttributeValue v, UnitDieInfo bases, out string? s)
    {
        if (TryGetStringBytes(unit, v, bases.StrOffsetsBase, out ReadOnlySpan<byte> b))
        {
            s = Decode(b);
            return true;
        }
        s = null;
        return false;
    }

    /// <summary>The .debug_str offset that entry <paramref name="index"/> of the unit's string offsets table holds.</summary>
    private ulong StringOffset(DwarfUnit unit, ulong index, ulong strOffsetsBase)
    {
        int size = unit.OffsetSize;
        ulong at = strOffsetsBase + index * (ulong)size;
        if (index > int.MaxValue || at > (ulong)StrOffsets.Length || (ulong)size > (ulong)StrOffsets.Length - at)
            throw StrOffsets.Error((long)Math.Min(at, long.MaxValue), $"string index {index} is past the end of the section (size 0x{StrOffsets.Length:x})");
        ReadOnlySpan<byte> s = StrOffsets.Span.Slice((int)at, size);
        return size == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
    }

    /// <summary>Entry <paramref name="index"/> of the unit's .debug_addr table.</summary>
    internal ulong ReadAddressIndex(DwarfUnit unit, ulong index, ulong addrBase)
    {
        int size = unit.AddressSize;
        ulong at = addrBase + index * (ulong)size;
        if (index > int.MaxValue || at > (ulong)Addr.Length || (ulong)size > (ulong)Addr.Length - at)
            throw Addr.Error((long)Math.Min(at, long.MaxValue), $"address index {index} is past the end of the section (size 0x{Addr.Length:x})");
        var r = new DwarfReader(Addr, (int)at);
        return r.ReadAddress(size);
    }

    /// <summary>The address an address-class attribute holds (DW_FORM_addr or addrx*), or null for other forms.</summary>
    internal ulong? ResolveAddress(DwarfUnit unit, in AttributeValue v) => ResolveAddress(unit, v, unit.DieInfo);

    internal ulong? ResolveAddress(DwarfUnit unit, in AttributeValue v, UnitDieInfo bases) => v.Form switch
    {
        DwarfForm.Addr => v.Value,
        DwarfForm.Addrx or DwarfForm.Addrx1 or DwarfForm.Addrx2 or DwarfForm.Addrx3 or DwarfForm.Addrx4 or DwarfForm.GnuAddrIndex
            => ReadAddressIndex(unit, v.Value, bases.AddrBase),
        _ => null,
    };
}
