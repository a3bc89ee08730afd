using Crashdive.Symbols.Dwarf;

namespace Crashdive.Tests.Symbols;

/// <summary>
/// Assembles .debug_abbrev, .debug_info and .debug_str by hand for synthetic DWARF tests, with
/// labels for DIE references (ref4 within a unit, ref_addr across units) patched when a unit ends.
/// </summary>
internal sealed class DwarfBuilder
{
    private readonly Dictionary<string, int> _strings = [];
    private readonly Dictionary<string, int> _labels = [];
    private readonly List<(int At, string Label, bool Absolute)> _fixups = [];
    private int _unitStart = -1;

    public ByteWriter Abbrev { get; } = new();
    public ByteWriter Info { get; } = new();
    public ByteWriter Str { get; } = new();

    /// <summary>Adds an abbreviation; specs are (attribute, form) or (attribute, DW_FORM_implicit_const, value).</summary>
    public DwarfBuilder AbbrevEntry(ulong code, ushort tag, bool children, params (ushort At, ushort Form, long Implicit)[] specs)
    {
        Abbrev.ULeb(code).ULeb(tag).U8(children ? (byte)1 : (byte)0);
        foreach (var (at, form, value) in specs)
        {
            Abbrev.ULeb(at).ULeb(form);
            if (form == DwarfForm.ImplicitConst)
                Abbrev.SLeb(value);
        }
        Abbrev.U8(0).U8(0);
        return this;
    }

    /// <summary>Ends the abbreviation table.</summary>
    public DwarfBuilder EndAbbrevs()
    {
        Abbrev.U8(0);
        return this;
    }

    /// <summary>Starts a 32-bit unit (DWARF 5 compile unit header, or the DWARF 4 one).</summary>
    public DwarfBuilder BeginUnit(ushort version = 5, byte addressSize = 8, uint abbrevOffset = 0)
    {
        _unitStart = Info.Position;
        Info.U32(0).U16(version);
        if (version >= 5)
            Info.U8(1).U8(addressSize).U32(abbrevOffset);
        else
            Info.U32(abbrevOffset).U8(addressSize);
        return this;
    }

    /// <summary>Ends the unit: patches its length and the references made in it.</summary>
    public DwarfBuilder EndUnit()
    {
        Info.PatchU32(_unitStart, (uint)(Info.Position - _unitStart - 4));
        foreach (var (at, label, absolute) in _fixups.ToArray())
        {
            if (!_labels.TryGetValue(label, out int target))
                continue;
            Info.PatchU32(at, (uint)(absolute ? target : target - _unitStart));
            _fixups.Remove((at, label, absolute));
        }
        return this;
    }

    /// <summary>Starts a DIE with abbreviation <paramref name="code"/>, optionally naming its offset.</summary>
    public DwarfBuilder Die(ulong code, string? label = null)
    {
        if (label != null)
            _labels[label] = Info.Position;
        Info.ULeb(code);
        return this;
    }

    /// <summary>Ends a sibling list (a null entry).</summary>
    public DwarfBuilder End()
    {
        Info.U8(0);
        return this;
    }

    /// <summary>Offset of a labelled DIE in .debug_info.</summary>
    public int LabelOffset(string label) => _labels[label];

    public DwarfBuilder Strp(string s)
    {
        if (!_strings.TryGetValue(s, out int offset))
        {
            offset = Str.Position;
            Str.CString(s);
            _strings[s] = offset;
        }
        Info.U32((uint)offset);
        return this;
    }

    public DwarfBuilder Ref4(string label)
    {
        _fixups.Add((Info.Position, label, false));
        Info.U32(0);
        return this;
    }

    public DwarfBuilder RefAddr(string label)
    {
        _fixups.Add((Info.Position, label, true));
        Info.U32(0);
        return this;
    }

    public DwarfBuilder U8(byte v) { Info.U8(v); return this; }
    public DwarfBuilder U16(ushort v) { Info.U16(v); return this; }
    public DwarfBuilder U32(uint v) { Info.U32(v); return this; }
    public DwarfBuilder U64(ulong v) { Info.U64(v); return this; }
    public DwarfBuilder ULeb(ulong v) { Info.ULeb(v); return this; }
    public DwarfBuilder SLeb(long v) { Info.SLeb(v); return this; }
    public DwarfBuilder CString(string s) { Info.CString(s); return this; }

    /// <summary>An exprloc: ULEB length then the bytes.</summary>
    public DwarfBuilder ExprLoc(params byte[] expr)
    {
        Info.ULeb((ulong)expr.Length).Raw(expr);
        return this;
    }

    /// <summary>Adds the three sections to <paramref name="elf"/>.</summary>
    public ElfBuilder AddTo(ElfBuilder elf)
    {
        elf.Add(".debug_abbrev", Abbrev.ToArray());
        elf.Add(".debug_info", Info.ToArray());
        elf.Add(".debug_str", Str.ToArray());
        return elf;
    }
}
