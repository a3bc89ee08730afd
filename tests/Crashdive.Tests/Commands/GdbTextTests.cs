using System.Text;
using Crashdive.Commands.Printing;
using Crashdive.Kernel.Expressions;

namespace Crashdive.Tests.Commands;

/// <summary>gdb 16's character escapes (its print_wchar in the C locale, as crash 9.0.2 prints them) and its canonical integer type names, table-driven.</summary>
public sealed class GdbTextTests
{
    [Theory]
    [InlineData(65, "'A'")]
    [InlineData(0, "'\\000'")]
    [InlineData(1, "'\\001'")]
    [InlineData(39, "'\\''")]
    [InlineData(92, "'\\\\'")]
    [InlineData(34, "'\"'")]
    [InlineData(10, "'\\n'")]
    [InlineData(7, "'\\a'")]
    [InlineData(27, "'\\033'")]
    [InlineData(127, "'\\177'")]
    [InlineData(255, "'\\377'")]
    public void CharLiterals(byte c, string expected) => Assert.Equal(expected, GdbText.CharLiteral(c));

    [Theory]
    [InlineData(new byte[] { 0x61, 0x22, 0x27 }, "\"a\\\"'\"")]
    [InlineData(new byte[] { 0x00, 0x31 }, "\"\\0001\"")] // gdb 16: a digit after an octal escape prints as itself
    [InlineData(new byte[] { 0xff, 0x30, 0x20, 0x6b }, "\"\\3770 k\"")]
    [InlineData(new byte[] { 0x00, 0x41 }, "\"\\000A\"")]
    [InlineData(new byte[] { 0x09, 0x31 }, "\"\\t1\"")]
    public void Strings(byte[] bytes, string expected)
    {
        var sb = new StringBuilder();
        GdbText.AppendQuoted(sb, bytes);
        Assert.Equal(expected, sb.ToString());
    }

    [Theory]
    [InlineData("long unsigned int", "unsigned long")]
    [InlineData("volatile long unsigned int *", "volatile unsigned long *")]
    [InlineData("short unsigned int", "unsigned short")]
    [InlineData("long long int", "long long")]
    [InlineData("long long unsigned int x[3]", "unsigned long long x[3]")]
    [InlineData("long int (*)(long int)", "long (*)(long)")]
    [InlineData("short int", "short")]
    [InlineData("unsigned int", "unsigned int")]
    [InlineData("struct print_int", "struct print_int")]
    public void CanonicalIntegerNames(string gcc, string gdb) => Assert.Equal(gdb, GdbTypeName.Canonical(gcc));
}
