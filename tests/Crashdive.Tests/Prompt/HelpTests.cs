using Crashdive.Cli;
using Crashdive.Commands;

namespace Crashdive.Tests.Prompt;

/// <summary><c>help</c>, <c>help CMD</c> for every command, crash's wording for unknown commands and bad options.</summary>
public sealed class HelpTests : IDisposable
{
    private readonly TestSession _s = new(FakeCommand.Opts());

    public void Dispose() => _s.Dispose();

    /// <summary>Every command a real session offers: the registry's and the prompt's own.</summary>
    public static TheoryData<string> AllCommands()
    {
        using var s = new TestSession();
        var data = new TheoryData<string>();
        foreach (var name in s.Session.Commands.Keys.Order(StringComparer.Ordinal))
            data.Add(name);
        return data;
    }

    [Fact]
    public void TheRegistryIsInTheSession()
    {
        foreach (var c in CommandRegistry.CreateAll())
            Assert.Contains(c.Name, _s.Session.Commands.Keys);
        foreach (var name in new[] { "alias", "help", "repeat", "set", "q", "exit" })
            Assert.Contains(name, _s.Session.Commands.Keys);
    }

    [Theory]
    [MemberData(nameof(AllCommands))]
    public void EveryCommandHasHelpInCrashsForm(string name)
    {
        var command = _s.Session.Commands[name];
        Assert.False(string.IsNullOrWhiteSpace(command.Spec.Summary));
        string help = command.Spec.Help;
        Assert.StartsWith("NAME\n", help);
        Assert.StartsWith($"NAME\n  {name} - ", help);
        Assert.Contains("\nSYNOPSIS\n", help);
        Assert.Contains($"\n  {name}", help[help.IndexOf("SYNOPSIS", StringComparison.Ordinal)..]);

        Assert.True(_s.Run($"help {name}"));
        var (output, err) = _s.Take();
        Assert.Equal("", err);
        if (name == "output")
            return; // "help output" is crash's topic on output redirection; gdb's output command is in "help gdb"
        Assert.Equal("\n" + help.TrimEnd() + "\n\n", output);
    }

    [Fact]
    public void HelpThroughAnAliasShowsTheCommand()
    {
        Assert.True(_s.Run("help dmesg"));
        Assert.StartsWith("\nNAME\n  log - ", _s.Take().Out);
    }

    [Fact]
    public void TheListIsInCrashsFiveColumnsWithQLast()
    {
        Assert.True(_s.Run("help"));
        var lines = _s.Take().Out.Split('\n');
        Assert.Equal("", lines[0]);
        var names = _s.Session.Commands.Keys.Where(n => n != "q").Order(StringComparer.Ordinal).Append("q").ToList();
        int rows = (names.Count + 4) / 5;
        for (int i = 0; i < names.Count; i++)
        {
            string row = lines[1 + i % rows];
            Assert.Equal(names[i].PadRight(15), row.Substring(i / rows * 15, 15));
        }
        Assert.Equal("", lines[1 + rows]);
        Assert.Contains("For help on any command above, enter \"help <command>\".", lines);
    }

    [Theory]
    [InlineData("input", "Tab")]
    [InlineData("output", "| shell pipeline")]
    public void InputAndOutputTopicsDescribeTheCommandLine(string topic, string expected)
    {
        Assert.True(_s.Run($"help {topic}"));
        Assert.Contains(expected, _s.Take().Out);
    }

    [Fact]
    public void DumpFactsAreBehindDashDAndDashN()
    {
        Assert.True(_s.Run("help -D"));
        string d = _s.Take().Out;
        Assert.Contains("format:          ELF vmcore", d);
        Assert.True(_s.Run("help -n"));
        Assert.Equal(d, _s.Take().Out);
    }

    [Fact]
    public void UnknownTopicFails()
    {
        Assert.False(_s.Run("help nosuch"));
        Assert.Equal("help: No help data for \"nosuch\" is available.\n", _s.Take().Err);
    }

    [Fact]
    public void UnknownCommandGetsCrashsWording()
    {
        Assert.False(_s.Run("foo -x | cat > /dev/null"));
        Assert.Equal(("", "crash: command not found: foo\n"), _s.Take());
    }

    [Theory]
    [InlineData("opts -z", "opts: invalid option -- 'z'\n")]
    [InlineData("opts -az", "opts: invalid option -- 'z'\n")]
    [InlineData("log -z", "log: invalid option -- 'z'\n")]
    public void MistypedOptionGetsTheUsageLine(string line, string first)
    {
        Assert.False(_s.Run(line));
        string name = line.Split(' ')[0];
        string synopsis = _s.Session.Commands[name].Spec.Synopsis;
        Assert.StartsWith("[-", synopsis);
        Assert.Equal($"{first}Usage:\n  {name} {synopsis}\nEnter \"help {name}\" for details.\n", _s.Take().Err);
    }

    /// <summary>A two-line synopsis keeps crash's indentation in the usage message (crash 9.0.2 prints exactly this for vm).</summary>
    [Fact]
    public void UsageOfATwoLineSynopsisIsCrashs()
    {
        Assert.False(_s.Run("vm -Z"));
        Assert.Equal("vm: invalid option -- 'Z'\nUsage:\n"
            + "  vm [-p | -P vma | -M mm | -v | -m | -x | -d | [-R reference] [pid | task]]\n"
            + "     [-f vm_flags]\n"
            + "Enter \"help vm\" for details.\n", _s.Take().Err);
        Assert.True(_s.Run("help vm"));
        Assert.Contains("\nSYNOPSIS\n  vm [-p | -P vma | -M mm | -v | -m | -x | -d | [-R reference] [pid | task]]\n     [-f vm_flags]\n\n", _s.Take().Out);
    }

    [Fact]
    public void QuitAndExitEndTheSession()
    {
        Assert.False(_s.Session.ExitRequested);
        Assert.True(_s.Run("quit"));
        Assert.True(_s.Session.ExitRequested);
    }
}
