using Crashdive.Cli.Parsing;

namespace Crashdive.Tests.Prompt;

/// <summary>gdb's <c>p/x</c> spelling, which crash users type, becomes the command's own radix option.</summary>
public sealed class FormatSuffixTests
{
    [Theory]
    [InlineData("p/x jiffies", "p -x jiffies")]
    [InlineData("p/d init_task.pid", "p -d init_task.pid")]
    [InlineData("print/x $", "print -x $")]
    [InlineData("p jiffies", "p jiffies")]
    [InlineData("p/t jiffies", "p/t jiffies")]   // other gdb formats stay for the command to refuse
    [InlineData("/x", "/x")]
    [InlineData("p/xx a", "p/xx a")]
    public void SuffixBecomesOption(string line, string expected) =>
        Assert.Equal(expected, string.Join(' ', FormatSuffix.Rewrite(line.Split(' '))));
}
