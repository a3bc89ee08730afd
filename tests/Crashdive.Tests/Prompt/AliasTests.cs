using Crashdive.Cli.Builtins;
using Crashdive.Commands;

namespace Crashdive.Tests.Prompt;

/// <summary>crash's alias rules and listing layout, through the session.</summary>
public sealed class AliasTests : IDisposable
{
    private readonly TestSession _s = new(FakeCommand.Echo());

    public void Dispose() => _s.Dispose();

    [Fact]
    public void BuiltinAliasesExistOnlyForCommandsThatExist()
    {
        var names = _s.Session.Aliases.All.Select(a => a.Name).ToList();
        Assert.Contains("man", names);    // -> help
        Assert.Contains("dmesg", names);  // -> log
        Assert.Contains("sf", names);     // -> set scroll off
        Assert.Contains("lsmod", names);  // -> mod, now a command
        Assert.All(_s.Session.Aliases.All, a => Assert.True(_s.Session.Commands.ContainsKey(a.Words[0]), $"alias {a.Name} -> {a.Words[0]}, not a command"));
        Assert.All(_s.Session.Aliases.All, a => Assert.Equal(AliasOrigin.Builtin, a.Origin));
    }

    [Fact]
    public void ListingHasCrashsColumns()
    {
        Assert.True(_s.Run("alias"));
        var lines = _s.Take().Out.Split('\n');
        Assert.Equal("ORIGIN   ALIAS    COMMAND", lines[0]);
        Assert.Contains("builtin  man      help ", lines);
        Assert.Contains("builtin  sf       set scroll off ", lines);
        Assert.Contains("builtin  dmesg    log ", lines);
    }

    [Fact]
    public void DefinedAliasIsListedAndExpandsWithTheRestOfTheLine()
    {
        Assert.True(_s.Run("alias ee echo one"));
        Assert.Equal("ORIGIN   ALIAS    COMMAND\nruntime  ee       echo one \n", _s.Take().Out);
        Assert.True(_s.Run("ee two 'three four'"));
        Assert.Equal("[one]\n[two]\n[three four]\n", _s.Take().Out);
    }

    [Fact]
    public void QuotedCommandStringMayHoldAPipe()
    {
        Assert.True(_s.Run("alias ec \"echo b a c | sort\""));
        _s.Take();
        Assert.True(_s.Run("ec"));
        Assert.Equal("[a]\n[b]\n[c]\n", _s.Take().Out);
    }

    [Fact]
    public void RedefiningReplacesAndEmptyStringDeletes()
    {
        _s.Run("alias ee echo one");
        _s.Run("alias ee echo two");
        Assert.Single(_s.Session.Aliases.All, a => a.Name == "ee");
        _s.Take();
        Assert.True(_s.Run("alias ee \"\""));
        Assert.Equal("alias deleted: ee\n", _s.Take().Out);
        Assert.Null(_s.Session.Aliases.Find("ee"));
        Assert.False(_s.Run("ee"));
        Assert.Equal("crash: command not found: ee\n", _s.Take().Err);
    }

    [Fact]
    public void OneArgumentShowsThatAlias()
    {
        Assert.True(_s.Run("alias dmesg"));
        Assert.Equal("ORIGIN   ALIAS    COMMAND\nbuiltin  dmesg    log \n", _s.Take().Out);
        Assert.True(_s.Run("alias nosuch"));
        Assert.EndsWith("alias does not exist: nosuch\n", _s.Take().Out);
    }

    [Theory]
    [InlineData("alias log echo", "alias: cannot alias existing command name: log")]
    [InlineData("alias xx nosuchcmd -a", "alias: invalid alias attempt on non-existent command: nosuchcmd")]
    [InlineData("alias xx dmesg", "alias: invalid alias attempt on non-existent command: dmesg")] // no alias of an alias
    public void BadDefinitionsAreRefusedWithCrashsWords(string line, string error)
    {
        Assert.False(_s.Run(line));
        Assert.Equal(error + "\n", _s.Take().Err);
        Assert.Null(_s.Session.Aliases.Find("xx"));
    }

    [Fact]
    public void ExpansionIsOnceAndOnlyForTheFirstWord()
    {
        var t = _s.Session.Aliases;
        Assert.Equal("log -t", t.Expand("dmesg -t"));
        Assert.Equal("log | grep x", t.Expand("dmesg| grep x"));
        Assert.Equal("echo dmesg", t.Expand("echo dmesg"));
        Assert.Equal("dmesgx", t.Expand("dmesgx"));
    }

    [Fact]
    public void AliasTableRefusesEmptyCommandStrings()
    {
        var t = new AliasTable(n => n == "log");
        Assert.Throws<CommandException>(() => t.Define("x", []));
        Assert.Equal(["log", "-t"], t.Define("x", ["log -t"]).Words);
    }
}
