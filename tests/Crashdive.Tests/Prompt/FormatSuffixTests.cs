using Crashdive.Cli.Parsing;

namespace Crashdive.Tests.Prompt;

/// <summary>gdb's <c>x/8gx</c> and <c>p/x</c> spellings, which crash users type: the format becomes the command's first word.</summary>
public sealed class FormatSuffixTests
{
    [Theory]
    [InlineData("p/x jiffies", "p /x jiffies")]
    [InlineData("x/8gx &init_task", "x /8gx &init_task")]
    [InlineData("print/x $", "print /x $")]
    [InlineData("p jiffies", "p jiffies")]
    [InlineData("ptype/o struct list_head", "ptype /o struct list_head")]
    [InlineData("/x", "/x")]
    [InlineData("x/s", "x /s")]
    public void SuffixBecomesFirstWord(string line, string expected) =>
        Assert.Equal(expected, string.Join(' ', FormatSuffix.Rewrite(line.Split(' '))));
}
