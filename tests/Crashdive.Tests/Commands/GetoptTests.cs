using Crashdive.Commands.Arguments;

namespace Crashdive.Tests.Commands;

/// <summary>GNU getopt behaviour that crash's commands rely on.</summary>
public sealed class GetoptTests
{
    private static readonly Getopt Rd = new("Raxme:r:pfudDusSNo:81:3:6:");

    [Fact]
    public void WidthsAreLettersWithValues()
    {
        var r = Rd.Parse(["-16", "-8", "-32", "-64", "addr"]);
        Assert.Equal([new('1', "6"), new('8', null), new('3', "2"), new('6', "4")], r.Options);
        Assert.Equal(["addr"], r.Words);
        Assert.Empty(r.Errors);
    }

    [Fact]
    public void OptionsKeepTheirOrderAndMixWithWords()
    {
        var r = Rd.Parse(["linux_banner", "-a", "3", "-64"]);
        Assert.Equal([new('a', null), new('6', "4")], r.Options);
        Assert.Equal(["linux_banner", "3"], r.Words);
    }

    [Fact]
    public void ValuesAttachedOrSeparate()
    {
        var r = Rd.Parse(["-e", "ffff", "-o8", "-xrout.bin", "x"]);
        Assert.Equal([new('e', "ffff"), new('o', "8"), new('x', null), new('r', "out.bin")], r.Options);
        Assert.Equal(["x"], r.Words);
    }

    [Fact]
    public void ValueSwallowsTheNextWordLikeGetopt()
    {
        // crash: "rd -64 -1 linux_banner" -> option 1 with value "linux_banner"
        var r = Rd.Parse(["-64", "-1", "linux_banner"]);
        Assert.Equal(new GetoptOption('1', "linux_banner"), r.Options[1]);
        Assert.Empty(r.Words);
    }

    [Fact]
    public void ErrorsInGlibcWording()
    {
        var r = Rd.Parse(["-z", "-e"]);
        Assert.Equal(["invalid option -- 'z'", "option requires an argument -- 'e'"], r.Errors);
    }

    [Fact]
    public void DoubleDashEndsOptions()
    {
        var r = Rd.Parse(["-x", "--", "-8"]);
        Assert.Equal([new('x', null)], r.Options);
        Assert.Equal(["-8"], r.Words);
    }

    [Fact]
    public void LoneDashIsAWord() => Assert.Equal(["-"], Rd.Parse(["-"]).Words);
}
