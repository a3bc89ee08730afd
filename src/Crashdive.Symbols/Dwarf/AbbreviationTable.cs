using System.Runtime.CompilerServices;

namespace Crashdive.Symbols.Dwarf;

/// <summary>
/// The abbreviations starting at one .debug_abbrev offset, indexed by code (a plain array when the
/// codes are dense, as compilers emit them). Parsed once per (offset, unit format) and shared.
/// </summary>
internal sealed class AbbreviationTable
{
    private readonly Abbreviation?[]? _dense;
    private readonly Dictionary<ulong, Abbreviation>? _sparse;

    private AbbreviationTable(List<Abbreviation> list, ulong maxCode)
    {
        Count = list.Count;
        if (maxCode <= (ulong)list.Count * 4 + 64)
        {
            _dense = new Abbreviation?[maxCode + 1];
            foreach (Abbreviation a in list)
                _dense[a.Code] ??= a;
        }
        else
        {
            _sparse = new Dictionary<ulong, Abbreviation>(list.Count);
            foreach (Abbreviation a in list)
                _sparse.TryAdd(a.Code, a);
        }
    }

    /// <summary>Number of abbreviations.</summary>
    public int Count { get; }

    /// <summary>The abbreviation with <paramref name="code"/>, or null.</summary>
    public Abbreviation? Get(ulong code)
    {
        Abbreviation?[]? d = _dense;
        if (d != null)
            return code < (ulong)d.Length ? d[code] : null;
        return _sparse!.GetValueOrDefault(code);
    }

    [ThreadStatic] private static List<Abbreviation>? t_list;
    [ThreadStatic] private static List<AttributeSpec>? t_specs;

    /// <summary>
    /// Parses the table at <paramref name="offset"/> of <paramref name="section"/> (.debug_abbrev);
    /// with <paramref name="interner"/>, entries equal to ones seen before are shared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per unit before tiering kicks in
    public static AbbreviationTable Parse(DwarfSection section, ulong offset, UnitFormat format, AbbreviationInterner? interner = null)
    {
        if (offset >= (ulong)section.Length)
            throw section.Error((long)offset, $"abbreviation table offset is past the end of the section (size 0x{section.Length:x})");
        var r = new DwarfReader(section, (int)offset);
        // Scratch lists reused per thread: only the table's own array outlives the call.
        List<Abbreviation> list = t_list ??= new List<Abbreviation>();
        List<AttributeSpec> specs = t_specs ??= new List<AttributeSpec>();
        list.Clear();
        ulong formatWord = (ulong)format.AddressSize | (ulong)format.OffsetSize << 8 | (ulong)format.Version << 16;
        ulong maxCode = 0;
        while (true)
        {
            int entryOffset = r.Position;
            ulong code = r.ReadULeb128();
            if (code == 0)
                break;
            int bodyStart = r.Position;
            ulong tag = r.ReadULeb128();
            if (tag > 0xffff)
                r.Fail(entryOffset, $"abbreviation {code} has tag 0x{tag:x}, beyond the DWARF tag space");
            byte children = r.ReadU8();
            specs.Clear();
            while (true)
            {
                int specOffset = r.Position;
                ulong attribute = r.ReadULeb128();
                ulong form = r.ReadULeb128();
                if (attribute == 0 && form == 0)
                    break;
                if (attribute > 0xffff)
                    r.Fail(specOffset, $"abbreviation {code} has attribute 0x{attribute:x}, beyond the DWARF attribute space");
                long implicitConst = form == DwarfForm.ImplicitConst ? r.ReadSLeb128() : 0;
                // An out-of-range form stays in the table as an unknown form; it is an error only
                // if a DIE actually uses this abbreviation.
                specs.Add(new AttributeSpec((ushort)attribute, form > 0xffff ? (ushort)0xffff : (ushort)form, implicitConst));
            }
            if (interner != null)
            {
                ulong hash = Index.NameHash.Mix(Index.NameHash.Mix(code, formatWord), Index.NameHash.Of(r.Data[bodyStart..r.Position]));
                list.Add(interner.Get(hash, code, (ushort)tag, children != 0, specs, entryOffset, format));
            }
            else
            {
                list.Add(new Abbreviation(code, (ushort)tag, children != 0, specs.ToArray(), entryOffset, format));
            }
            if (code > maxCode)
                maxCode = code;
        }
        return new AbbreviationTable(list, maxCode);
    }
}
