using Crashdive.Cli.Builtins;

namespace Crashdive.Tests.Prompt;

/// <summary><c>repeat</c>: runs into the same output, stops at Ctrl-C, at a closed reader, and at its bound.</summary>
public sealed class RepeatTests : IDisposable
{
    private readonly TestSession _s;
    private int _ticks;
    private int _interruptAt = -1;

    public RepeatTests()
    {
        _s = new TestSession(new FakeCommand("tick", (c, args) =>
        {
            _ticks++;
            c.Out.WriteLine($"tick {_ticks}{(args.Count > 0 ? " " + string.Join(' ', args) : "")}");
            if (_ticks == _interruptAt)
                _s!.Session.Interrupt(); // Ctrl-C arrives while the command runs
        }));
    }

    public void Dispose() => _s.Dispose();

    [Fact]
    public void CtrlCStopsTheRepetitionAndTheLineFails()
    {
        _interruptAt = 3;
        Assert.False(_s.Run("repeat tick"));
        var (output, err) = _s.Take();
        Assert.Equal("tick 1\ntick 2\ntick 3\n", output);
        Assert.Equal("", err);
        Assert.Equal(3, _ticks);
    }

    [Fact]
    public void CtrlCAlsoCutsTheDelayShort()
    {
        _interruptAt = 1;
        Assert.False(_s.Run("repeat -86400 tick")); // would wait a day before the second run
        Assert.Equal(1, _ticks);
    }

    [Fact]
    public void RepetitionIsBounded()
    {
        Assert.True(_s.Run("repeat tick > /dev/null"));
        Assert.Equal(RepeatCommand.MaxRepetitions, _ticks);
    }

    [Fact]
    public void AClosedReaderStopsItQuietly()
    {
        Assert.True(_s.Run("repeat tick | head -2"));
        Assert.Equal("tick 1\ntick 2\n", _s.Take().Out);
        // head is gone after two lines; writing into its closed pipe ended the repetition early
        // (before head exits at most a pipe's capacity, 64 KiB or ~6,500 lines, can be written).
        Assert.True(_ticks < RepeatCommand.MaxRepetitions, $"ran {_ticks} times");
    }

    [Fact]
    public void ArgumentsAndAliasesReachTheRepeatedCommand()
    {
        _s.Run("alias tk tick a");
        _s.Take();
        _interruptAt = 2;
        _s.Run("repeat tk 'b c'");
        Assert.Equal("tick 1 a b c\ntick 2 a b c\n", _s.Take().Out);
    }

    [Theory]
    [InlineData("repeat")]
    [InlineData("repeat -2")]
    [InlineData("repeat -x tick")]
    public void MissingCommandOrBadDelayGivesTheUsage(string line)
    {
        Assert.False(_s.Run(line));
        var err = _s.Take().Err;
        Assert.Contains("Usage:\n  repeat [-seconds] command\nEnter \"help repeat\" for details.\n", err);
        Assert.Equal(0, _ticks);
    }

    [Fact]
    public void UnknownRepeatedCommandIsReportedOnce()
    {
        Assert.False(_s.Run("repeat nosuch"));
        Assert.Equal("crash: command not found: nosuch\n", _s.Take().Err);
    }
}
