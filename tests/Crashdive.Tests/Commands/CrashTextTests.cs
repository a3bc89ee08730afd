using Crashdive.Commands;
using Crashdive.Commands.Arguments;

namespace Crashdive.Tests.Commands;

/// <summary>crash's mkstring justification and the CPU list syntax.</summary>
public sealed class CrashTextTests
{
    [Theory]
    [InlineData("PAGE", 16, false, "      PAGE      ")]
    [InlineData("MAPPING", 16, true, "     MAPPING    ")] // odd padding: extra space on the left for CENTER|RJUST
    [InlineData("PTE", 16, false, "      PTE       ")] // and on the right for CENTER|LJUST
    [InlineData("INDEX", 8, true, "  INDEX ")]
    [InlineData("ae00000", 8, true, " ae00000")]
    [InlineData("toolongforit", 4, false, "toolongforit")]
    public void Centering(string text, int width, bool leanRight, string expected) =>
        Assert.Equal(expected, CrashText.Center(text, width, leanRight));

    [Fact]
    public void UsageLayout() =>
        Assert.Equal("Usage:\n  ptob page_number ...\nEnter \"help ptob\" for details.", CrashText.Usage("ptob", "page_number ..."));

    [Theory]
    [InlineData("a", 4, new[] { 0, 1, 2, 3 })]
    [InlineData("all", 2, new[] { 0, 1 })]
    [InlineData("1", 4, new[] { 1 })]
    [InlineData("3,0-1", 4, new[] { 0, 1, 3 })]
    [InlineData("1-1,1", 4, new[] { 1 })]
    public void CpuLists(string spec, int cpus, int[] expected) => Assert.Equal(expected, CpuSpec.Parse(spec, cpus));

    [Theory]
    [InlineData("4", 4, "invalid cpu specification: 4")]
    [InlineData("0-9", 4, "invalid cpu specification: 0-9")]
    [InlineData("x", 4, "x: \"x\" is not a digit 0 - 9")]
    public void BadCpuLists(string spec, int cpus, string message) =>
        Assert.Equal(message, Assert.Throws<CommandException>(() => CpuSpec.Parse(spec, cpus)).Message);
}
