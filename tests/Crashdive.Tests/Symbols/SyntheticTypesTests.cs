using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Types;

namespace Crashdive.Tests.Symbols;

/// <summary>Types, lookups and the index on the hand-made DWARF of <see cref="SyntheticDebugFile"/>.</summary>
public sealed class SyntheticTypesTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SymbolFile _file;
    private readonly DwarfBuilder _dwarf;

    public SyntheticTypesTests()
    {
        string path = _dir.Write("synthetic.elf", SyntheticDebugFile.Build(out _dwarf));
        _file = SymbolFile.Open(path, new SymbolFileOptions { Index = new NameIndexOptions { UseCache = false } });
    }

    public void Dispose()
    {
        _file.Dispose();
        _dir.Dispose();
    }

    private StructType Struct(string name) => Assert.IsType<StructType>(_file.FindType(name));

    [Fact]
    public void Struct_members_have_offsets_from_constants_exprloc_and_indirect_forms()
    {
        StructType s = Struct("struct s");
        Assert.Equal(28UL, s.Size);
        Assert.Equal(new[] { "a", "b", "c", "(anon)", "arr", "ind", "flex" }, s.Members.Select(m => m.Name ?? "(anon)").ToArray());
        Assert.Equal(0UL, s.FindMember("a")!.Value.Offset);
        Assert.Equal(8UL, s.Members[3].Offset);   // DW_OP_plus_uconst 8
        Assert.Equal(16UL, s.FindMember("arr")!.Value.Offset);
        Assert.Equal(20UL, s.FindMember("ind")!.Value.Offset); // name in DW_FORM_indirect -> DW_FORM_string
        Assert.Equal("int", s.FindMember("ind")!.Value.Type.ToString());
    }

    [Fact]
    public void Bit_fields_from_data_bit_offset_and_from_dwarf2_bit_offset()
    {
        StructType s = Struct("struct s");
        MemberLookup b = s.FindMember("b")!.Value;
        Assert.Equal(32UL, b.BitOffset);
        Assert.Equal(3UL, b.Member.BitSize);
        // DW_AT_bit_offset 24 in a 4-byte unit at byte 4: little-endian bit 4*8 + 32 - 24 - 5 = 35.
        MemberLookup c = s.FindMember("c")!.Value;
        Assert.Equal(35UL, c.BitOffset);
        Assert.Equal(5UL, c.Member.BitSize);
        Assert.True(c.Member.IsBitField);
        Assert.False(s.FindMember("a")!.Value.Member.IsBitField);
    }

    [Fact]
    public void Members_of_anonymous_unions_are_found_through_them()
    {
        StructType s = Struct("s");
        MemberLookup x = s.FindMember("x")!.Value;
        MemberLookup y = s.FindMember("y")!.Value;
        Assert.Equal(8UL, x.Offset);
        Assert.Equal(8UL, y.Offset);
        Assert.Equal("char [8]", y.Type.ToString());
        Assert.True(s.Members[3].IsAnonymous);
        Assert.Null(s.FindMember("nosuch"));
        Assert.False(s.HasMember("nosuch"));
    }

    [Fact]
    public void Arrays_fixed_flexible_and_multidimensional()
    {
        StructType s = Struct("struct s");
        var arr = Assert.IsType<ArrayType>(s.FindMember("arr")!.Value.Type);
        Assert.Equal(4UL, arr.Length);
        Assert.Equal(4UL, arr.Size);
        var flex = Assert.IsType<ArrayType>(s.FindMember("flex")!.Value.Type);
        Assert.Null(flex.Length);
        Assert.Null(flex.Size);
        Assert.Equal("int []", flex.ToString());

        CType matrix = _file.FindType("matrix_t")!.Underlying();
        var outer = Assert.IsType<ArrayType>(matrix);
        Assert.Equal(2UL, outer.Length);
        Assert.Equal(3UL, Assert.IsType<ArrayType>(outer.ElementType).Length);
        Assert.Equal(24UL, outer.Size);
        Assert.Equal("int [2][3]", outer.ToString());
    }

    [Fact]
    public void Declaration_in_one_unit_resolves_to_the_definition_in_another()
    {
        // Unit 1 (DWARF 5) only declares struct fwd and points to it; unit 2 (DWARF 4) defines it.
        var p = Assert.IsType<PointerType>(_file.Types.GetType((ulong)_dwarf.LabelOffset("pfwd")));
        var target = Assert.IsType<StructType>(p.Target);
        Assert.True(target.IsComplete);
        Assert.Equal(8UL, target.Size);
        Assert.Equal(4UL, target.FindMember("w")!.Value.Offset);
        Assert.Same(target, _file.FindType("struct fwd"));
        Assert.Same(target, _file.Types.GetType((ulong)_dwarf.LabelOffset("fwddef")));
    }

    [Fact]
    public void Enums_with_signed_values_and_enumerator_lookup()
    {
        var e = Assert.IsType<EnumType>(_file.FindType("enum color"));
        Assert.True(e.IsSigned);
        Assert.Equal(4UL, e.Size);
        Assert.Equal([("RED", 0L), ("GREEN", -1L), ("BLUE", 200L)], e.Enumerators.Select(x => (x.Name, x.Value)).ToArray());
        EnumeratorMatch? green = _file.FindEnumerator("GREEN");
        Assert.NotNull(green);
        Assert.Equal(-1L, green.Enumerator.Value);
        Assert.Same(e, green.Type);
        Assert.Null(_file.FindEnumerator("PURPLE"));
        Assert.Equal("color_t", _file.FindType("color_t")!.ToString());
        Assert.Same(e, _file.FindType("color_t")!.Underlying());
    }

    [Fact]
    public void Type_names_are_spelled_as_in_C()
    {
        Assert.Equal("struct s *", _file.FindType("struct s *")!.ToString());
        Assert.Equal("struct s *", _file.Types.GetType((ulong)_dwarf.LabelOffset("ps")).ToString());
        Assert.Equal("const char *", _file.Types.GetType((ulong)_dwarf.LabelOffset("pcchar")).ToString());
        Assert.Equal("const char *", _file.FindType("const char *")!.ToString());
        Assert.Equal("int (*)(int, ...)", _file.FindType("handler_t")!.Underlying().ToString());
        StructType ops = Struct("struct ops");
        Assert.Equal("int (*cb)(int, ...)", TypeNameFormatter.Declaration(ops.Members[0].Type, "cb"));
        Assert.Equal("void *", ops.Members[1].Type.ToString());
        Assert.Equal("char arr[4]", TypeNameFormatter.Declaration(Struct("s").FindMember("arr")!.Value.Type, "arr"));
    }

    [Fact]
    public void Bare_and_respelled_names_follow_C_rules()
    {
        Assert.Equal("unsigned int", _file.FindType("unsigned")!.Name);
        Assert.Equal("unsigned int", _file.FindType("unsigned int")!.Name);
        Assert.IsType<StructType>(_file.FindType("ops"));   // bare tag, as crash's "struct ops" accepts
        Assert.IsType<VoidType>(_file.FindType("void"));
        Assert.Null(_file.FindType("struct color"));        // tag of the wrong kind
        Assert.Null(_file.FindType("nosuch_t"));
        Assert.Null(_file.FindType("struct"));
    }

    [Fact]
    public void Variables_from_location_specification_and_symbol_table()
    {
        Variable g = _file.FindVariable("gvar")!;
        Assert.Equal(SyntheticDebugFile.GvarAddress, g.Address);
        Assert.Equal("int", g.Type.ToString());
        Assert.False(g.AddressFromSymbolTable);

        Variable spec = _file.FindVariable("spec_var")!;  // defined through DW_AT_specification
        Assert.Equal(SyntheticDebugFile.SpecVarAddress, spec.Address);
        Assert.Equal("unsigned int", spec.Type.ToString());

        Variable decl = _file.FindVariable("only_decl")!; // DWARF declaration + ELF symbol
        Assert.Equal(SyntheticDebugFile.OnlyDeclAddress, decl.Address);
        Assert.True(decl.AddressFromSymbolTable);

        Assert.Null(_file.FindVariable("inner_static"));  // static inside a function body: not indexed
        Assert.Null(_file.FindVariable("nosuch"));
    }

    [Fact]
    public void Functions_have_address_size_and_type()
    {
        Function f = _file.FindFunction("func")!;
        Assert.Equal(SyntheticDebugFile.FuncAddress, f.Address);
        Assert.Equal(0x10UL, f.Size);
        Assert.Equal("int", f.Type.ReturnType.ToString());
        Assert.Equal("x", Assert.Single(f.Type.Parameters).Name);
        Assert.True(_file.TryLookupAddress(SyntheticDebugFile.FuncAddress + 6, out var so));
        Assert.Equal("func+0x6", so.ToString());
    }

    [Fact]
    public void Unknown_tags_and_attributes_are_kept_not_fatal()
    {
        CType t = _file.Types.GetType((ulong)_dwarf.LabelOffset("after_func"));
        var u = Assert.IsType<UnknownType>(t);
        Assert.Equal(SyntheticDebugFile.UnknownTag, u.Tag);
        Assert.Equal("Unknown (0x4242)", DwarfTag.ToName(u.Tag));
        Assert.Equal("Unknown (0x3fff)", DwarfAttribute.ToName(0x3fff));
    }

    [Fact]
    public void Index_holds_unit_level_names_only_and_verifies_hits()
    {
        NameIndex index = _file.Index;
        Assert.Single(index.Find("gvar", NameIndexKind.Variable));
        Assert.Empty(index.Find("inner_static"));
        Assert.Empty(index.Find("x"));                     // a parameter / member, not indexed
        var fwd = index.Find("fwd", NameIndexKind.Struct);
        Assert.Equal(2, fwd.Count);
        Assert.Equal([true, false], fwd.Select(h => h.IsDeclaration).ToArray());
        // enum color is in both units; one entry each for the enum and its constants, at unit 1's DIE.
        IndexHit blue = Assert.Single(index.Find("BLUE", NameIndexKind.Enumerator));
        Assert.Equal((ulong)_dwarf.LabelOffset("color"), blue.DieKey);
        Assert.Equal((ulong)_dwarf.LabelOffset("color"), Assert.Single(index.Find("color", NameIndexKind.Enum)).DieKey);
    }

    [Fact]
    public void Index_is_the_same_with_one_or_several_threads()
    {
        using NameIndex one = NameIndex.Build(_file.Dwarf, 1);
        using NameIndex four = NameIndex.Build(_file.Dwarf, 4);
        Assert.Equal(one.Hashes.ToArray(), four.Hashes.ToArray());
        Assert.Equal(one.Packed.ToArray(), four.Packed.ToArray());
        Assert.True(one.Count >= 20);
    }
}
