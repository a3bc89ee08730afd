using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Types;
using T = Crashdive.Symbols.Dwarf.DwarfTag;
using A = Crashdive.Symbols.Dwarf.DwarfAttribute;
using F = Crashdive.Symbols.Dwarf.DwarfForm;

namespace Crashdive.Tests.Symbols;

/// <summary>
/// Type graphs that only a corrupt file can hold (a typedef of itself, a struct containing itself
/// anonymously, function types taking pointers to themselves) end with a bounded answer, never a
/// hang or a stack overflow.
/// </summary>
public sealed class CyclicTypeTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SymbolFile _file;

    private static (ushort, ushort, long) S(ushort at, ushort form) => (at, form, 0);

    public CyclicTypeTests()
    {
        var d = new DwarfBuilder();
        d.AbbrevEntry(1, T.CompileUnit, true);
        d.AbbrevEntry(2, T.Typedef, false, S(A.Name, F.Strp), S(A.Type, F.Ref4));
        d.AbbrevEntry(3, T.StructureType, true, S(A.Name, F.Strp), S(A.ByteSize, F.Data1));
        d.AbbrevEntry(4, T.Member, false, S(A.Type, F.Ref4), S(A.DataMemberLocation, F.Data1));
        d.AbbrevEntry(5, T.SubroutineType, true, S(A.Type, F.Ref4), S(A.Prototyped, F.FlagPresent));
        d.AbbrevEntry(6, T.FormalParameter, false, S(A.Type, F.Ref4));
        d.AbbrevEntry(7, T.PointerType, false, S(A.ByteSize, F.Data1), S(A.Type, F.Ref4));
        d.AbbrevEntry(8, T.ArrayType, true, S(A.Type, F.Ref4));
        d.AbbrevEntry(9, T.SubrangeType, false, S(A.Count, F.Data1));
        d.EndAbbrevs();
        d.BeginUnit();
        d.Die(1);
        d.Die(2, "self").Strp("self_t").Ref4("self");
        d.Die(3, "loop").Strp("loop").U8(8);
        d.Die(4).Ref4("loop").U8(0);
        d.Die(4).Ref4("loop").U8(0);
        d.End();
        d.Die(5, "fn").Ref4("pfn");
        d.Die(6).Ref4("pfn");
        d.Die(6).Ref4("pfn");
        d.Die(6).Ref4("pfn");
        d.End();
        d.Die(7, "pfn").U8(8).Ref4("fn");
        d.Die(2).Strp("fn_t").Ref4("pfn");
        d.Die(8, "arr").Ref4("arr");
        d.Die(9).U8(2);
        d.End();
        d.Die(2).Strp("arr_t").Ref4("arr");
        d.End();
        d.EndUnit();
        string path = _dir.Write("cyclic.elf", d.AddTo(new ElfBuilder()).Build());
        _file = SymbolFile.Open(path, new SymbolFileOptions { Index = new NameIndexOptions { UseCache = false } });
    }

    public void Dispose()
    {
        _file.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Typedef_of_itself()
    {
        CType t = _file.FindType("self_t")!;
        Assert.Null(t.Size);
        Assert.Equal(TypeKind.Typedef, t.Underlying().Kind);
        Assert.Equal("self_t", t.ToString());
    }

    [Fact]
    public void Struct_containing_itself_anonymously()
    {
        var s = Assert.IsType<StructType>(_file.FindType("struct loop"));
        Assert.Null(s.FindMember("nowhere"));
        Assert.Null(s.FindMemberPath("a.b"));
    }

    [Fact]
    public void Function_taking_pointers_to_itself()
    {
        string name = _file.FindType("fn_t")!.Underlying().ToString();
        Assert.Contains("<type chain too deep>", name);
        Assert.True(name.Length < 1_000_000);
    }

    [Fact]
    public void Array_of_itself()
    {
        CType t = _file.FindType("arr_t")!.Underlying();
        Assert.Null(t.Size);
        Assert.Contains("<type chain too deep>", t.ToString());
    }
}
