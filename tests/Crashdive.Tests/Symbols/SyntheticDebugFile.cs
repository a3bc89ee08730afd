using Crashdive.Symbols.Dwarf;
using T = Crashdive.Symbols.Dwarf.DwarfTag;
using A = Crashdive.Symbols.Dwarf.DwarfAttribute;
using F = Crashdive.Symbols.Dwarf.DwarfForm;

namespace Crashdive.Tests.Symbols;

/// <summary>
/// A small executable with hand-made DWARF covering what the type builder must decode and the
/// real kernel does not exercise: DWARF 2-style and DWARF 4-style bit fields, an exprloc member
/// offset, DW_FORM_indirect, implicit_const, an anonymous union, flexible and multi-unit arrays,
/// a struct declared in one unit (DWARF 5) and defined in another (DWARF 4), an enum repeated in
/// both units, a variable defined
/// through DW_AT_specification, a variable known only by declaration plus ELF symbol, a function
/// with a nested static that must not be indexed, and a DIE of an unknown tag.
/// </summary>
internal static class SyntheticDebugFile
{
    public static readonly byte[] BuildId = [0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

    public const ulong GvarAddress = 0x1000;
    public const ulong FuncAddress = 0x2000;
    public const ulong SpecVarAddress = 0x3000;
    public const ulong OnlyDeclAddress = 0x4000;
    public const ushort UnknownTag = 0x4242;

    private static (ushort, ushort, long) S(ushort at, ushort form, long value = 0) => (at, form, value);

    public static DwarfBuilder Dwarf()
    {
        var d = new DwarfBuilder();
        d.AbbrevEntry(1, T.CompileUnit, true, S(A.Name, F.Strp));
        d.AbbrevEntry(2, T.BaseType, false, S(A.Name, F.Strp), S(A.ByteSize, F.Data1), S(A.Encoding, F.Data1));
        d.AbbrevEntry(3, T.StructureType, true, S(A.Name, F.Strp), S(A.ByteSize, F.Data1), S(A.DeclLine, F.Data1), S(A.Sibling, F.Ref4));
        d.AbbrevEntry(4, T.Member, false, S(A.Name, F.Strp), S(A.Type, F.Ref4), S(A.DataMemberLocation, F.Data1));
        d.AbbrevEntry(5, T.Member, false, S(A.Name, F.Strp), S(A.Type, F.Ref4), S(A.BitSize, F.Data1), S(A.DataBitOffset, F.Data1));
        d.AbbrevEntry(6, T.Member, false, S(A.Name, F.Strp), S(A.Type, F.Ref4), S(A.ByteSize, F.Data1), S(A.BitSize, F.Data1), S(A.BitOffset, F.Data1), S(A.DataMemberLocation, F.Data1));
        d.AbbrevEntry(7, T.Member, false, S(A.Type, F.Ref4), S(A.DataMemberLocation, F.Exprloc));
        d.AbbrevEntry(8, T.UnionType, true, S(A.ByteSize, F.Data1));
        d.AbbrevEntry(9, T.ArrayType, true, S(A.Type, F.Ref4));
        d.AbbrevEntry(10, T.SubrangeType, false, S(A.Count, F.Data1));
        d.AbbrevEntry(11, T.SubrangeType, false);
        d.AbbrevEntry(12, T.StructureType, false, S(A.Name, F.Strp), S(A.Declaration, F.FlagPresent));
        d.AbbrevEntry(13, T.EnumerationType, true, S(A.Name, F.Strp), S(A.ByteSize, F.Data1), S(A.Type, F.Ref4), S(A.Encoding, F.ImplicitConst, 5));
        d.AbbrevEntry(14, T.Enumerator, false, S(A.Name, F.Strp), S(A.ConstValue, F.Sdata));
        d.AbbrevEntry(15, T.Typedef, false, S(A.Name, F.Strp), S(A.Type, F.Ref4));
        d.AbbrevEntry(16, T.PointerType, false, S(A.ByteSize, F.ImplicitConst, 8), S(A.Type, F.Ref4));
        d.AbbrevEntry(17, T.ConstType, false, S(A.Type, F.Ref4));
        d.AbbrevEntry(18, T.SubroutineType, true, S(A.Type, F.Ref4), S(A.Prototyped, F.FlagPresent));
        d.AbbrevEntry(19, T.FormalParameter, false, S(A.Type, F.Ref4));
        d.AbbrevEntry(20, T.UnspecifiedParameters, false);
        d.AbbrevEntry(21, T.Variable, false, S(A.Name, F.Strp), S(A.Type, F.Ref4), S(A.External, F.FlagPresent), S(A.Location, F.Exprloc));
        d.AbbrevEntry(22, T.Variable, false, S(A.Name, F.Strp), S(A.Type, F.Ref4), S(A.Declaration, F.FlagPresent), S(A.External, F.FlagPresent));
        d.AbbrevEntry(23, T.Subprogram, true, S(A.Name, F.Strp), S(A.Type, F.Ref4), S(A.LowPc, F.Addr), S(A.HighPc, F.Data4), S(A.Sibling, F.Ref4));
        d.AbbrevEntry(24, T.FormalParameter, false, S(A.Name, F.String), S(A.Type, F.Ref4));
        d.AbbrevEntry(25, T.LexicalBlock, true, S(A.LowPc, F.Addr), S(A.HighPc, F.Data4));
        d.AbbrevEntry(26, UnknownTag, false, S(0x3fff, F.Data1));
        d.AbbrevEntry(27, T.PointerType, false, S(A.ByteSize, F.Data1));
        d.AbbrevEntry(28, T.Enumerator, false, S(A.Name, F.Strp), S(A.ConstValue, F.Data1));
        d.AbbrevEntry(30, T.Variable, false, S(A.Specification, F.Ref4), S(A.Location, F.Exprloc));
        d.AbbrevEntry(31, T.Member, false, S(A.Name, F.Indirect), S(A.Type, F.Ref4), S(A.DataMemberLocation, F.Udata));
        d.EndAbbrevs();

        // Unit 1: DWARF 5.
        d.BeginUnit(version: 5);
        d.Die(1).Strp("a.c");
        d.Die(2, "int").Strp("int").U8(4).U8(5);
        d.Die(2, "uint").Strp("unsigned int").U8(4).U8(7);
        d.Die(2, "char").Strp("char").U8(1).U8(6);
        d.Die(3, "s").Strp("s").U8(28).U8(10).Ref4("u");
        d.Die(4).Strp("a").Ref4("int").U8(0);
        d.Die(5).Strp("b").Ref4("uint").U8(3).U8(32);
        d.Die(6).Strp("c").Ref4("uint").U8(4).U8(5).U8(24).U8(4);
        d.Die(7).Ref4("u").ExprLoc(0x23, 8); // DW_OP_plus_uconst 8
        d.Die(4).Strp("arr").Ref4("arr4").U8(16);
        d.Die(31).ULeb(F.String).CString("ind").Ref4("int").ULeb(20);
        d.Die(4).Strp("flex").Ref4("flexarr").U8(24);
        d.End();
        d.Die(8, "u").U8(8);
        d.Die(4).Strp("x").Ref4("int").U8(0);
        d.Die(4).Strp("y").Ref4("char8").U8(0);
        d.End();
        d.Die(9, "arr4").Ref4("char");
        d.Die(10).U8(4);
        d.End();
        d.Die(9, "char8").Ref4("char");
        d.Die(10).U8(8);
        d.End();
        d.Die(9, "flexarr").Ref4("int");
        d.Die(11);
        d.End();
        d.Die(9, "matrix").Ref4("int");
        d.Die(10).U8(2);
        d.Die(10).U8(3);
        d.End();
        d.Die(12, "fwddecl").Strp("fwd");
        d.Die(16, "pfwd").Ref4("fwddecl");
        d.Die(13, "color").Strp("color").U8(4).Ref4("int");
        d.Die(14).Strp("RED").SLeb(0);
        d.Die(14).Strp("GREEN").SLeb(-1);
        d.Die(28).Strp("BLUE").U8(200);
        d.End();
        d.Die(15, "color_t").Strp("color_t").Ref4("color");
        d.Die(16, "ps").Ref4("s");
        d.Die(17, "cchar").Ref4("char");
        d.Die(16, "pcchar").Ref4("cchar");
        d.Die(18, "fn").Ref4("int");
        d.Die(19).Ref4("int");
        d.Die(20);
        d.End();
        d.Die(16, "pfn").Ref4("fn");
        d.Die(15).Strp("handler_t").Ref4("pfn");
        d.Die(21).Strp("gvar").Ref4("int").ExprLoc(Addr(GvarAddress));
        d.Die(22).Strp("only_decl").Ref4("int");
        d.Die(22, "specdecl").Strp("spec_var").Ref4("uint");
        d.Die(30).Ref4("specdecl").ExprLoc(Addr(SpecVarAddress));
        d.Die(23, "func").Strp("func").Ref4("int").U64(FuncAddress).U32(0x10).Ref4("after_func");
        d.Die(24).CString("x").Ref4("int");
        d.Die(25).U64(FuncAddress + 4).U32(4);
        d.Die(21).Strp("inner_static").Ref4("int").ExprLoc(Addr(0x5000));
        d.End();
        d.End();
        d.Die(26, "after_func").U8(7);
        d.Die(27, "pvoid").U8(8);
        d.Die(3, "ops").Strp("ops").U8(16).U8(20).Ref4("after_ops");
        d.Die(4).Strp("cb").Ref4("pfn").U8(0);
        d.Die(4).Strp("data").Ref4("pvoid").U8(8);
        d.End();
        d.Die(15, "after_ops").Strp("matrix_t").Ref4("matrix");
        d.End();
        d.EndUnit();

        // Unit 2: DWARF 4, defines struct fwd.
        d.BeginUnit(version: 4);
        d.Die(1).Strp("b.c");
        d.Die(2, "int2").Strp("int").U8(4).U8(5);
        d.Die(3, "fwddef").Strp("fwd").U8(8).U8(5).Ref4("after_fwd");
        d.Die(4).Strp("v").Ref4("int2").U8(0);
        d.Die(4).Strp("w").Ref4("int2").U8(4);
        d.End();
        d.Die(15, "after_fwd").Strp("fwd_t").Ref4("fwddef");
        // The same enum as unit 1 (same header): its constants are not indexed twice.
        d.Die(13, "color2").Strp("color").U8(4).Ref4("int2");
        d.Die(14).Strp("RED").SLeb(0);
        d.Die(14).Strp("GREEN").SLeb(-1);
        d.Die(28).Strp("BLUE").U8(200);
        d.End();
        d.End();
        d.EndUnit();
        return d;
    }

    private static byte[] Addr(ulong address)
    {
        var w = new ByteWriter().U8(0x03).U64(address); // DW_OP_addr
        return w.ToArray();
    }

    /// <summary>The ELF bytes: build-id, a .bss covering the variables, symbols, and the DWARF.</summary>
    public static byte[] Build(out DwarfBuilder dwarf)
    {
        dwarf = Dwarf();
        var elf = new ElfBuilder();
        elf.AddBuildId(BuildId);
        int bss = elf.Add(new ElfBuilder.Section(".bss", ElfBuilder.ShtNoBits, ElfBuilder.ShfAlloc, new byte[0x5000], 0x1000));
        dwarf.AddTo(elf);
        elf.AddSymbols(
        [
            ("gvar", GvarAddress, 4, 0x11, (ushort)bss),          // STB_GLOBAL, STT_OBJECT
            ("only_decl", OnlyDeclAddress, 4, 0x11, (ushort)bss),
            ("func", FuncAddress, 0x10, 0x12, (ushort)bss),        // STB_GLOBAL, STT_FUNC
        ]);
        return elf.Build();
    }
}
