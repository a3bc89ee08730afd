using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Types;
using T = Crashdive.Symbols.Dwarf.DwarfTag;
using A = Crashdive.Symbols.Dwarf.DwarfAttribute;
using F = Crashdive.Symbols.Dwarf.DwarfForm;

namespace Crashdive.Tests.Symbols;

/// <summary>
/// DWARF 5 indirection as clang emits it: names through .debug_str_offsets (DW_FORM_strx*),
/// addresses through .debug_addr (DW_FORM_addrx, DW_OP_addrx), with the unit's bases; a skeleton
/// unit header; DW_AT_alignment.
/// </summary>
public sealed class Dwarf5FormsTests : IDisposable
{
    private const ulong VarAddress = 0xffffffff82000040, FuncAddress = 0xffffffff81000100;

    private readonly TempDirectory _dir = new();
    private readonly SymbolFile _file;

    private static (ushort, ushort, long) S(ushort at, ushort form) => (at, form, 0);

    public Dwarf5FormsTests()
    {
        var d = new DwarfBuilder();
        d.AbbrevEntry(1, T.CompileUnit, true, S(A.StrOffsetsBase, F.SecOffset), S(A.AddrBase, F.SecOffset), S(A.Name, F.Strx1));
        d.AbbrevEntry(2, T.BaseType, false, S(A.Name, F.Strx2), S(A.ByteSize, F.Data1), S(A.Encoding, F.Data1));
        d.AbbrevEntry(3, T.StructureType, true, S(A.Name, F.Strx), S(A.ByteSize, F.Data1), S(A.Alignment, F.Udata));
        d.AbbrevEntry(4, T.Member, false, S(A.Name, F.Strx4), S(A.Type, F.Ref4), S(A.DataMemberLocation, F.Data1));
        d.AbbrevEntry(5, T.Variable, false, S(A.Name, F.Strx1), S(A.Type, F.Ref4), S(A.Location, F.Exprloc));
        d.AbbrevEntry(6, T.Subprogram, false, S(A.Name, F.Strx1), S(A.LowPc, F.Addrx), S(A.HighPc, F.Data4));
        d.AbbrevEntry(7, T.SkeletonUnit, false, S(A.DwoName, F.String));
        d.EndAbbrevs();

        // .debug_str holds the names; .debug_str_offsets (after its 8-byte header) indexes them.
        string[] names = ["unit.c", "int", "aligned", "m", "v", "f"];
        var offsets = new ByteWriter().U32((uint)(4 + names.Length * 4)).U16(5).U16(0);
        foreach (string n in names)
        {
            offsets.U32((uint)d.Str.Position);
            d.Str.CString(n);
        }
        byte[] addr = new ByteWriter().U32(4 + 16).U16(5).U8(8).U8(0).U64(VarAddress).U64(FuncAddress).ToArray();

        d.BeginUnit();
        d.Die(1).U32(8).U32(8).U8(0);
        d.Die(2, "int").U16(1).U8(4).U8(5);
        d.Die(3).ULeb(2).U8(64).ULeb(64);
        d.Die(4).U32(3).Ref4("int").U8(0);
        d.End();
        d.Die(5).U8(4).Ref4("int").ExprLoc(0xa1, 0);       // DW_OP_addrx 0
        d.Die(6).U8(5).ULeb(1).U32(0x20);                   // low_pc = addrx 1
        d.End();
        d.EndUnit();

        // A skeleton unit: DWARF 5 header with a dwo_id.
        byte[] skeleton = new ByteWriter().U16(5).U8(4).U8(8).U32(0).U64(0xfeedface_cafef00d).ULeb(7).CString("split.dwo").ToArray();
        d.Info.U32((uint)skeleton.Length).Raw(skeleton);

        var elf = d.AddTo(new ElfBuilder());
        elf.Add(".debug_str_offsets", offsets.ToArray());
        elf.Add(".debug_addr", addr);
        _file = SymbolFile.Open(_dir.Write("dwarf5.elf", elf.Build()), new SymbolFileOptions { Index = new NameIndexOptions { UseCache = false } });
    }

    public void Dispose()
    {
        _file.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Names_through_string_offsets()
    {
        Assert.Equal("unit.c", _file.Dwarf.InfoUnits[0].Name);
        var s = Assert.IsType<StructType>(_file.FindType("struct aligned"));
        Assert.Equal("int", s.FindMember("m")!.Value.Type.ToString());
        Assert.Equal(64UL, s.Alignment);
        Assert.Equal(64UL, s.Size);
    }

    [Fact]
    public void Addresses_through_the_address_table()
    {
        Assert.Equal(VarAddress, _file.FindVariable("v")!.Address);
        Function f = _file.FindFunction("f")!;
        Assert.Equal(FuncAddress, f.Address);
        Assert.Equal(0x20UL, f.Size);
    }

    [Fact]
    public void Skeleton_unit_header()
    {
        DwarfUnit skeleton = _file.Dwarf.InfoUnits[1];
        Assert.Equal(DwarfUnitType.Skeleton, skeleton.UnitType);
        Assert.Equal(0xfeedface_cafef00dUL, skeleton.DwoId);
        Assert.Equal(DwarfTag.SkeletonUnit, skeleton.UnitDie.Tag);
        Assert.Equal("split.dwo", skeleton.UnitDie.GetString(DwarfAttribute.DwoName));
    }
}
