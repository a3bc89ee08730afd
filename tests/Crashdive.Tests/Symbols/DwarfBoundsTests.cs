using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Elf;
using T = Crashdive.Symbols.Dwarf.DwarfTag;
using A = Crashdive.Symbols.Dwarf.DwarfAttribute;
using F = Crashdive.Symbols.Dwarf.DwarfForm;

namespace Crashdive.Tests.Symbols;

/// <summary>Malformed DWARF is refused with "FILE: .debug_xxx+0xOFF: reason"; unknown but skippable things are not errors.</summary>
public sealed class DwarfBoundsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<IDisposable> _open = [];

    public void Dispose()
    {
        foreach (IDisposable d in _open)
            d.Dispose();
        _dir.Dispose();
    }

    private static (ushort, ushort, long) S(ushort at, ushort form, long value = 0) => (at, form, value);

    private (DwarfFile Dwarf, string Path) Open(DwarfBuilder d, Action<byte[]>? patchInfo = null, Action<ElfBuilder>? more = null)
    {
        var b = new ElfBuilder();
        byte[] info = d.Info.ToArray();
        patchInfo?.Invoke(info);
        b.Add(".debug_abbrev", d.Abbrev.ToArray());
        b.Add(".debug_info", info);
        b.Add(".debug_str", d.Str.ToArray());
        more?.Invoke(b);
        string path = _dir.Write(Guid.NewGuid().ToString("n") + ".elf", b.Build());
        ElfImage image = ElfImage.Open(path);
        _open.Add(image);
        return (new DwarfFile(image), path);
    }

    /// <summary>A unit with one named variable of type int.</summary>
    private static DwarfBuilder OneVariable(ushort nameForm = F.Strp, byte version = 5)
    {
        var d = new DwarfBuilder();
        d.AbbrevEntry(1, T.CompileUnit, true);
        d.AbbrevEntry(2, T.Variable, false, S(A.Name, nameForm), S(A.Type, F.Ref4));
        d.AbbrevEntry(3, T.BaseType, false, S(A.Name, F.Strp), S(A.ByteSize, F.Data1));
        d.EndAbbrevs();
        d.BeginUnit(version);
        d.Die(1);
        d.Die(3, "int").Strp("int").U8(4);
        d.Die(2, "var");
        if (nameForm == F.Strp)
            d.Strp("v");
        else
            d.U8(0x11);
        d.Ref4("int");
        d.End();
        d.EndUnit();
        return d;
    }

    [Fact]
    public void Unit_length_past_the_section()
    {
        var (dwarf, path) = Open(OneVariable(), info => BitConverter.GetBytes(0x1000u).CopyTo(info, 0));
        var e = Assert.Throws<DebugInfoFormatException>(() => dwarf.InfoUnits.Count);
        Assert.StartsWith($"{path}: .debug_info+0x0: unit length 0x1000 extends past the end of the section (size 0x", e.Message);
        Assert.Equal(".debug_info", e.Section);
    }

    [Fact]
    public void Reserved_length_bad_version_and_unit_type()
    {
        var (dwarf, _) = Open(OneVariable(), info => BitConverter.GetBytes(0xfffffff5u).CopyTo(info, 0));
        Assert.Contains("reserved value", Assert.Throws<DebugInfoFormatException>(() => dwarf.InfoUnits.Count).Message);

        (dwarf, _) = Open(OneVariable(), info => BitConverter.GetBytes((ushort)7).CopyTo(info, 4));
        Assert.Contains("DWARF version 7 is not supported", Assert.Throws<DebugInfoFormatException>(() => dwarf.InfoUnits.Count).Message);

        (dwarf, _) = Open(OneVariable(), info => info[6] = 0x42);
        Assert.Contains("unit type 0x42", Assert.Throws<DebugInfoFormatException>(() => dwarf.InfoUnits.Count).Message);
    }

    [Fact]
    public void Abbreviation_with_an_unknown_form_is_an_error_only_when_used()
    {
        // Form 0x99 is not a DWARF form: a DIE using it cannot be stepped over.
        DwarfBuilder bad = OneVariable(nameForm: 0x99);
        var (dwarf, path) = Open(bad);
        var e = Assert.Throws<DebugInfoFormatException>(() => NameIndex.Build(dwarf, 1));
        Assert.Equal(path + $": .debug_info+0x{bad.LabelOffset("var"):x}: DIE (DW_TAG_variable, abbreviation 2) has DW_AT_name in form Unknown (0x99), whose size is unknown", e.Message);

        // The same abbreviation, never used: no error.
        var d = new DwarfBuilder();
        d.AbbrevEntry(1, T.CompileUnit, true);
        d.AbbrevEntry(2, T.Variable, false, S(A.Name, 0x99));
        d.AbbrevEntry(3, T.BaseType, false, S(A.Name, F.Strp), S(A.ByteSize, F.Data1));
        d.EndAbbrevs();
        d.BeginUnit();
        d.Die(1);
        d.Die(3).Strp("int").U8(4);
        d.End();
        d.EndUnit();
        (dwarf, _) = Open(d);
        using NameIndex index = NameIndex.Build(dwarf, 1);
        Assert.Single(index.Find("int"));
    }

    [Fact]
    public void Missing_abbreviation_code()
    {
        DwarfBuilder d = OneVariable();
        int var = d.LabelOffset("var");
        var (dwarf, path) = Open(d, info => info[var] = 9); // the variable DIE's code
        var e = Assert.Throws<DebugInfoFormatException>(() => NameIndex.Build(dwarf, 1));
        Assert.StartsWith($"{path}: .debug_info+0x{var:x}: DIE uses abbreviation 9, which its table", e.Message);
    }

    [Fact]
    public void Abbreviation_offset_past_the_abbrev_section()
    {
        var (dwarf, path) = Open(OneVariable(), info => BitConverter.GetBytes(0x5000u).CopyTo(info, 8));
        var e = Assert.Throws<DebugInfoFormatException>(() => NameIndex.Build(dwarf, 1));
        Assert.StartsWith($"{path}: .debug_abbrev+0x5000: abbreviation table offset is past the end", e.Message);
    }

    [Fact]
    public void String_offset_past_the_string_section()
    {
        DwarfBuilder d = OneVariable();
        var (dwarf, path) = Open(d, info => BitConverter.GetBytes(0x7777u).CopyTo(info, d.LabelOffset("var") + 1)); // DW_AT_name strp of the variable
        var e = Assert.Throws<DebugInfoFormatException>(() => NameIndex.Build(dwarf, 1));
        Assert.StartsWith($"{path}: .debug_str+0x7777: string offset 0x7777 is past the end of the section", e.Message);
    }

    [Fact]
    public void Attribute_running_past_the_unit_end()
    {
        var d = new DwarfBuilder();
        d.AbbrevEntry(1, T.CompileUnit, true);
        d.AbbrevEntry(2, T.Variable, false, S(A.Name, F.Block4));
        d.EndAbbrevs();
        d.BeginUnit();
        d.Die(1);
        d.Die(2).U32(0x100).U8(1);  // a 256-byte block with 1 byte in the unit
        d.EndUnit();
        var (dwarf, _) = Open(d);
        var e = Assert.Throws<DebugInfoFormatException>(() => NameIndex.Build(dwarf, 1));
        Assert.Contains("block of 0x100 bytes runs past the end", e.Message);
    }

    [Fact]
    public void Backward_sibling_is_ignored_and_the_walk_still_ends()
    {
        var d = new DwarfBuilder();
        d.AbbrevEntry(1, T.CompileUnit, true);
        d.AbbrevEntry(2, T.StructureType, true, S(A.Name, F.Strp), S(A.ByteSize, F.Data1), S(A.Sibling, F.Ref4));
        d.AbbrevEntry(3, T.Member, false, S(A.Name, F.Strp));
        d.AbbrevEntry(4, T.Typedef, false, S(A.Name, F.Strp));
        d.EndAbbrevs();
        d.BeginUnit();
        d.Die(1, "cu");
        d.Die(2, "s").Strp("s").U8(4).Ref4("cu");   // sibling points back at the unit DIE: a loop if followed
        d.Die(3).Strp("m");
        d.End();
        d.Die(4).Strp("after");
        d.End();
        d.EndUnit();
        var (dwarf, _) = Open(d);
        using NameIndex index = NameIndex.Build(dwarf, 1);
        Assert.Single(index.Find("s"));
        Assert.Single(index.Find("after"));
        Assert.Empty(index.Find("m"));
    }

    [Fact]
    public void Indirect_form_pointing_at_indirect_is_refused()
    {
        var d = new DwarfBuilder();
        d.AbbrevEntry(1, T.CompileUnit, true);
        d.AbbrevEntry(2, T.Typedef, false, S(A.Name, F.Indirect));
        d.EndAbbrevs();
        d.BeginUnit();
        d.Die(1);
        d.Die(2).ULeb(F.Indirect).ULeb(F.String).CString("x");
        d.End();
        d.EndUnit();
        var (dwarf, _) = Open(d);
        var e = Assert.Throws<DebugInfoFormatException>(() => NameIndex.Build(dwarf, 1));
        Assert.Contains("DW_FORM_indirect for DW_AT_name names form 0x16", e.Message);
    }

    [Fact]
    public void Dwarf64_units_and_form_sizes()
    {
        // A 64-bit DWARF 5 unit: 0xffffffff, 8-byte length, 8-byte abbrev offset and strp.
        var d = new DwarfBuilder();
        d.AbbrevEntry(1, T.CompileUnit, true);
        d.AbbrevEntry(2, T.BaseType, false, S(A.Name, F.Strp), S(A.ByteSize, F.Data1), S(A.Encoding, F.Data16));
        d.EndAbbrevs();
        d.Str.CString("long int");
        var info = new ByteWriter();
        var body = new ByteWriter().U16(5).U8(1).U8(8).U64(0)    // version, DW_UT_compile, address size, abbrev offset
            .ULeb(1)
            .ULeb(2).U64(0).U8(8).Raw(new byte[16])
            .U8(0);
        byte[] b = body.ToArray();
        info.U32(0xffffffff).U64((ulong)b.Length).Raw(b);
        var elf = new ElfBuilder();
        elf.Add(".debug_abbrev", d.Abbrev.ToArray());
        elf.Add(".debug_info", info.ToArray());
        elf.Add(".debug_str", d.Str.ToArray());
        using ElfImage image = ElfImage.Open(_dir.Write("dwarf64.elf", elf.Build()));
        var dwarf = new DwarfFile(image);
        DwarfUnit unit = Assert.Single(dwarf.InfoUnits);
        Assert.Equal(8, unit.OffsetSize);
        Assert.Equal(12UL + 12, unit.FirstDieOffset);
        using NameIndex index = NameIndex.Build(dwarf, 1);
        Assert.Single(index.Find("long int", NameIndexKind.Base));
    }

    [Fact]
    public void Type_units_resolve_ref_sig8()
    {
        const ulong signature = 0x1122334455667788;
        var d = new DwarfBuilder();
        d.AbbrevEntry(1, T.CompileUnit, true);
        d.AbbrevEntry(2, T.TypeUnit, true);
        d.AbbrevEntry(3, T.StructureType, true, S(A.Name, F.Strp), S(A.ByteSize, F.Data1));
        d.AbbrevEntry(4, T.Variable, false, S(A.Name, F.Strp), S(A.Type, F.RefSig8), S(A.Location, F.Exprloc));
        d.EndAbbrevs();
        // A DWARF 5 type unit: header with signature and type offset.
        int start = d.Info.Position;
        d.Info.U32(0).U16(5).U8(2).U8(8).U32(0).U64(signature).U32(0);
        int typeOffsetAt = d.Info.Position - 4;
        d.Die(2);
        int typeDie = d.Info.Position - start;
        d.Die(3).Strp("in_type_unit").U8(40);
        d.End();
        d.End();
        byte[] tu = d.Info.ToArray();
        BitConverter.GetBytes((uint)(tu.Length - 4)).CopyTo(tu, start);
        BitConverter.GetBytes((uint)typeDie).CopyTo(tu, typeOffsetAt);
        var rest = new DwarfBuilder();
        // Compile unit (uses the same abbreviations and strings) after the type unit.
        var cu = new ByteWriter().U16(5).U8(1).U8(8).U32(0)
            .ULeb(1)
            .ULeb(4).U32((uint)d.Str.Position).U64(signature).ULeb(9).U8(0x03).U64(0x8000)
            .U8(0);
        d.Str.CString("tu_var");
        byte[] cub = cu.ToArray();
        var info = new ByteWriter().Raw(tu).U32((uint)cub.Length).Raw(cub);
        var elf = new ElfBuilder();
        elf.Add(".debug_abbrev", d.Abbrev.ToArray());
        elf.Add(".debug_info", info.ToArray());
        elf.Add(".debug_str", d.Str.ToArray());
        string path = _dir.Write("tu.elf", elf.Build());
        using SymbolFile f = SymbolFile.Open(path, new SymbolFileOptions { Index = new NameIndexOptions { UseCache = false } });
        Assert.Equal(2, f.Dwarf.InfoUnits.Count);
        Assert.True(f.Dwarf.InfoUnits[0].IsTypeUnit);
        Assert.Equal(signature, f.Dwarf.InfoUnits[0].TypeSignature);
        Variable v = f.FindVariable("tu_var")!;
        Assert.Equal(0x8000UL, v.Address);
        Assert.Equal("struct in_type_unit", v.Type.ToString());
        Assert.Equal(40UL, v.Type.Size);
    }

    [Fact]
    public void Range_lists_v5_and_v4()
    {
        var d = new DwarfBuilder();
        d.AbbrevEntry(1, T.CompileUnit, true, S(A.LowPc, F.Addr));
        d.AbbrevEntry(2, T.Subprogram, false, S(A.Name, F.Strp), S(A.Ranges, F.SecOffset));
        d.EndAbbrevs();
        d.BeginUnit(5);
        d.Die(1).U64(0x1000);
        d.Die(2, "f5").Strp("f5").U32(0);
        d.End();
        d.EndUnit();
        d.BeginUnit(4);
        d.Die(1).U64(0x1000);
        d.Die(2, "f4").Strp("f4").U32(0);
        d.End();
        d.EndUnit();
        // .debug_rnglists: an 12-byte header would normally precede lists; DW_AT_ranges is an offset.
        byte[] rng = new ByteWriter()
            .U8(4).ULeb(0x10).ULeb(0x20)                   // offset_pair from the CU base 0x1000
            .U8(5).U64(0x9000)                             // base_address
            .U8(4).ULeb(0).ULeb(4)
            .U8(7).U64(0xa000).ULeb(0x30)                  // start_length
            .U8(6).U64(0xb000).U64(0xb008)                 // start_end
            .U8(0).ToArray();
        byte[] ranges = new ByteWriter()
            .U64(0x10).U64(0x18)
            .U64(ulong.MaxValue).U64(0x7000)               // base address selection
            .U64(0).U64(8)
            .U64(0).U64(0).ToArray();
        var (dwarf, _) = Open(d, null, b =>
        {
            b.Add(".debug_rnglists", rng);
            b.Add(".debug_ranges", ranges);
        });
        Die f5 = dwarf.GetDie((ulong)d.LabelOffset("f5"));
        Assert.Equal(
            [new AddressRange(0x1010, 0x1020), new AddressRange(0x9000, 0x9004), new AddressRange(0xa000, 0xa030), new AddressRange(0xb000, 0xb008)],
            f5.GetRanges());
        Die f4 = dwarf.GetDie((ulong)d.LabelOffset("f4"));
        Assert.Equal([new AddressRange(0x1010, 0x1018), new AddressRange(0x7000, 0x7008)], f4.GetRanges());
    }

    [Fact]
    public void Location_lists_are_measured_and_bounded()
    {
        var d = OneVariable();
        byte[] loclists = new ByteWriter()
            .U8(4).ULeb(0).ULeb(8).ULeb(1).U8(0x50)        // offset_pair + 1-byte expression
            .U8(6).U64(0x1000)                             // base_address
            .U8(8).U64(0x2000).ULeb(4).ULeb(2).U8(0x91).U8(0x08)
            .U8(0)
            .U8(4).ULeb(0).ULeb(8).ULeb(0x40)              // second list: expression runs past the end
            .ToArray();
        var (dwarf, _) = Open(d, null, b => b.Add(".debug_loclists", loclists));
        DwarfUnit unit = dwarf.InfoUnits[0];
        Assert.Equal((loclists.Length - 4, 2), LocationListReader.Measure(unit, 0));
        var e = Assert.Throws<DebugInfoFormatException>(() => LocationListReader.Measure(unit, (ulong)loclists.Length - 4));
        Assert.Contains(".debug_loclists+0x", e.Message);
        Assert.Contains("runs past the end", e.Message);
    }
}
