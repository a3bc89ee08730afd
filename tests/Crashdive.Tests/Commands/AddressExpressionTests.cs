using Crashdive.Commands;
using Crashdive.Commands.Arguments;

namespace Crashdive.Tests.Commands;

/// <summary>
/// Argument numbers and addresses, table-driven against crash's rules (tools.c: htol, stol, eval,
/// calculate, hexadecimal, decimal), with a made-up symbol table.
/// </summary>
public sealed class AddressExpressionTests
{
    private static readonly Dictionary<string, ulong> Table = new()
    {
        ["linux_banner"] = 0xffffffff81e00000,
        ["jiffies"] = 0xffffffff82000040,
        ["add"] = 0x1234, // a symbol whose name is also a hexadecimal number: the number wins, as in crash
    };

    private static ulong? Lookup(string name) => Table.TryGetValue(name, out ulong v) ? v : null;

    [Theory]
    [InlineData("ffffffff81000000", 0xffffffff81000000UL)]
    [InlineData("0xffffffff81000000", 0xffffffff81000000UL)]
    [InlineData("0X10", 0x10UL)]
    [InlineData("10", 0x10UL)]
    [InlineData("1x0", 0x10UL)] // htol skips x anywhere
    [InlineData("10h", 0x10UL)] // and h
    [InlineData("ffffffffffffffff", ulong.MaxValue)]
    public void HexReadsAsCrashsHtol(string text, ulong expected) => Assert.Equal(expected, AddressExpression.ParseHex(text));

    [Theory]
    [InlineData("linux_banner", "invalid input: \"linux_banner\"")]
    [InlineData("0xzz", "invalid input: \"zz\"")] // crash quotes the word without its 0x
    [InlineData("12345678901234567", "input string too large: \"12345678901234567\" (17 vs 16)")]
    [InlineData("0x12345678901234567", "input string too large: \"12345678901234567\" (17 vs 16)")]
    public void BadHexSaysWhatCrashSays(string text, string message) =>
        Assert.Equal(message, Assert.Throws<CommandException>(() => AddressExpression.ParseHex(text)).Message);

    [Theory]
    [InlineData("10", 10UL)] // all decimal digits: decimal
    [InlineData("1f", 0x1fUL)] // otherwise hexadecimal
    [InlineData("0x10", 0x10UL)]
    [InlineData("1x", 1UL)]
    [InlineData("0", 0UL)]
    [InlineData("18446744073709551616", ulong.MaxValue)] // strtoul saturates
    public void NumbersReadAsCrashsStol(string text, ulong expected) => Assert.Equal(expected, AddressExpression.ParseNumber(text));

    [Theory]
    [InlineData("xyz")]
    [InlineData("-1")]
    [InlineData("1g")]
    public void NotANumber(string text) =>
        Assert.Equal($"not a valid number: {text}", Assert.Throws<CommandException>(() => AddressExpression.ParseNumber(text)).Message);

    [Theory]
    [InlineData("abc", true)]
    [InlineData("0x1F", true)]
    [InlineData("x", false)] // no digit
    [InlineData("12g", false)]
    [InlineData("10 ", true)] // one trailing space allowed
    [InlineData("1 0", false)]
    [InlineData("", false)]
    public void HexadecimalTest(string text, bool expected) => Assert.Equal(expected, AddressExpression.IsHexadecimal(text));

    [Theory]
    [InlineData("(linux_banner+16)", 0xffffffff81e00010UL)] // decimal offset, as crash reads it
    [InlineData("(linux_banner+0x10)", 0xffffffff81e00010UL)]
    [InlineData("(linux_banner+1f)", 0xffffffff81e0001fUL)]
    [InlineData("(jiffies-0x40)", 0xffffffff82000000UL)]
    [InlineData("(jiffies-linux_banner)", 0x200040UL)]
    [InlineData("(4k)", 4096UL)]
    [InlineData("(2m*2)", 4UL << 20)]
    [InlineData("(1g/2)", 1UL << 29)]
    [InlineData("(0x1000|7)", 0x1007UL)]
    [InlineData("(0xff&0x0f)", 0xfUL)]
    [InlineData("(1<<12)", 4096UL)]
    [InlineData("(0x1000>>4)", 0x100UL)]
    [InlineData("(10%3)", 1UL)]
    [InlineData("(2#10)", 1024UL)]
    [InlineData("(0xf0^0xff)", 0xfUL)]
    [InlineData("(~0)", ulong.MaxValue)]
    [InlineData("(-8)", 0xfffffffffffffff8UL)] // a leading minus is 0 minus
    [InlineData("linux_banner", 0xffffffff81e00000UL)]
    [InlineData("12", 12UL)] // without an operator: one number, decimal bias
    public void ExpressionsEvaluateWith64Bits(string text, ulong expected) =>
        Assert.Equal(expected, AddressExpression.Evaluate(text, Lookup));

    [Theory]
    [InlineData("(linux_banner+)")]
    [InlineData("(+4)")]
    [InlineData("((1+2))")]
    [InlineData("(1+2")]
    [InlineData("1+2)")]
    [InlineData("(1<2)")]
    [InlineData("(4/0)")]
    [InlineData("(nosuch+4)")]
    [InlineData("(1+2+3)")] // one operator only, as in crash
    public void MalformedExpressions(string text) =>
        Assert.Equal($"invalid expression: {text}", Assert.Throws<CommandException>(() => AddressExpression.Evaluate(text, Lookup)).Message);

    [Theory]
    [InlineData("ffffffff81e00008", 0xffffffff81e00008UL)]
    [InlineData("linux_banner", 0xffffffff81e00000UL)]
    [InlineData("add", 0xaddUL)] // hexadecimal before symbols, as in crash
    [InlineData("linux_banner+8", 0xffffffff81e00008UL)]
    [InlineData("linux_banner+0x10", 0xffffffff81e00010UL)]
    [InlineData("jiffies-64", 0xffffffff82000000UL)]
    [InlineData("(jiffies+8)", 0xffffffff82000048UL)]
    public void AddressesAsRdTakesThem(string text, ulong expected) =>
        Assert.Equal(expected, AddressExpression.ResolveAddress(text, Lookup));

    [Theory]
    [InlineData("nosuch")]
    [InlineData("nosuch+8")]
    [InlineData("linux_banner*")]
    public void UnknownNamesAreNotFound(string text) => Assert.Null(AddressExpression.ResolveAddress(text, Lookup));

    [Fact]
    public void ExpressionAndPlainFormAgree()
    {
        // FsCheck-style sweep without the dependency on generators: every offset reads the same both ways.
        for (ulong off = 0; off < 5000; off += 37)
        {
            Assert.Equal(AddressExpression.Evaluate($"(linux_banner+{off})", Lookup), AddressExpression.ResolveAddress($"linux_banner+{off}", Lookup));
            Assert.Equal(0xffffffff81e00000UL + off, AddressExpression.ResolveAddress($"linux_banner+0x{off:x}", Lookup));
        }
    }
}
