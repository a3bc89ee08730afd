using Crashdive.Symbols.Types;

namespace Crashdive.Tests.Symbols;

/// <summary>C declarator spelling, as gdb and drgn print types.</summary>
public sealed class TypeNameFormatterTests
{
    private static readonly BaseType Char = new(null, "char", 1, BaseTypeEncoding.SignedChar);
    private static readonly BaseType Int = new(null, "int", 4, BaseTypeEncoding.Signed);

    private static TypeLink L(CType t) => new(t);
    private static PointerType Ptr(CType t) => new(null, L(t), 8, false);
    private static QualifiedType Q(Qualifiers q, CType t) => new(null, q, L(t));
    private static ArrayType Arr(CType t, ulong? n) => new(null, L(t), n);
    private static FunctionType Fn(CType ret, params CType[] ps) =>
        new(null, null, L(ret), true, () => new FunctionParameterList(ps.Select(p => new FunctionParameter(null, L(p))).ToList(), false));

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        void Add(CType t, string s) => data.Add(s, TypeNameFormatter.Format(t));
        Add(Ptr(Char), "char *");
        Add(Ptr(Q(Qualifiers.Const, Char)), "const char *");
        Add(Q(Qualifiers.Const, Ptr(Char)), "char * const");
        Add(Q(Qualifiers.Const, Ptr(Q(Qualifiers.Const, Char))), "const char * const");
        Add(Q(Qualifiers.Const, Arr(Q(Qualifiers.Const, Char), null)), "const char []");
        Add(Q(Qualifiers.Volatile, Q(Qualifiers.Const, Int)), "const volatile int");
        Add(Arr(Ptr(Char), 4), "char *[4]");
        Add(Ptr(Arr(Char, 4)), "char (*)[4]");
        Add(Ptr(Fn(VoidType.Instance)), "void (*)(void)");
        Add(Ptr(Fn(Ptr(Char), Int, Ptr(Int))), "char *(*)(int, int *)");
        Add(Arr(Ptr(Fn(Int, Int)), 2), "int (*[2])(int)");
        Add(Ptr(Ptr(Fn(Int))), "int (**)(void)");
        Add(Arr(Arr(Int, 3), 2), "int [2][3]");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Spelling(string expected, string actual) => Assert.Equal(expected, actual);

    [Fact]
    public void Declarations_put_the_name_inside_the_declarator()
    {
        Assert.Equal("char comm[16]", TypeNameFormatter.Declaration(Arr(Char, 16), "comm"));
        Assert.Equal("void (*fn)(void)", TypeNameFormatter.Declaration(Ptr(Fn(VoidType.Instance)), "fn"));
        Assert.Equal("char * const p", TypeNameFormatter.Declaration(Q(Qualifiers.Const, Ptr(Char)), "p"));
    }
}
