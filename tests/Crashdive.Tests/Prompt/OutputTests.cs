using Crashdive.Tests.Cli;

namespace Crashdive.Tests.Prompt;

/// <summary>Where a command line's output goes: files, shell pipelines (really run by /bin/sh), shell escapes.</summary>
public sealed class OutputTests : IDisposable
{
    private readonly TestSession _s = new(FakeCommand.Echo());
    private readonly TempFiles _tmp = new();

    public void Dispose()
    {
        _s.Dispose();
        _tmp.Dispose();
    }

    [Fact]
    public void RedirectWritesTheFileAndNothingElse()
    {
        string f = Path.Combine(_tmp.Dir, "out.txt");
        File.WriteAllText(f, "old contents that must go\n");
        Assert.True(_s.Run($"echo a 'b c' > {f}"));
        Assert.Equal(("", ""), _s.Take());
        Assert.Equal("[a]\n[b c]\n", File.ReadAllText(f));
    }

    [Fact]
    public void DoubleRedirectAppends()
    {
        string f = Path.Combine(_tmp.Dir, "out.txt");
        Assert.True(_s.Run($"echo one >{f}"));
        Assert.True(_s.Run($"echo two >> {f}"));
        Assert.Equal("[one]\n[two]\n", File.ReadAllText(f));
    }

    [Fact]
    public void RedirectToAQuotedNameWithBlanks()
    {
        string f = Path.Combine(_tmp.Dir, "my file");
        Assert.True(_s.Run($"echo x > \"{f}\""));
        Assert.Equal("[x]\n", File.ReadAllText(f));
    }

    [Fact]
    public void QuotedRedirectAndPipeAreArguments()
    {
        Assert.True(_s.Run("echo \"a > b\" 'c | d' \"e ! f\""));
        Assert.Equal("[a > b]\n[c | d]\n[e ! f]\n", _s.Take().Out);
        Assert.Empty(Directory.GetFiles(_tmp.Dir));
    }

    [Fact]
    public void GrepReallyFilters()
    {
        Assert.True(_s.Run("echo apple banana cherry apricot | grep ap"));
        Assert.Equal(("[apple]\n[apricot]\n", ""), _s.Take());
        Assert.True(_s.Run("echo apple banana cherry apricot | grep -c a"));
        Assert.Equal("3\n", _s.Take().Out); // apple, banana, apricot
    }

    [Fact]
    public void PipelinesChainAndRedirectThemselves()
    {
        string f = Path.Combine(_tmp.Dir, "sorted");
        Assert.True(_s.Run($"echo c a b | sort -r | head -2 > {f}"));
        Assert.Equal("", _s.Take().Out);
        Assert.Equal("[c]\n[b]\n", File.ReadAllText(f));
    }

    [Fact]
    public void ShellErrorsReachOurErrors()
    {
        Assert.True(_s.Run("echo x | cat /nonexistent-file-for-test"));
        Assert.Contains("nonexistent-file-for-test", _s.Take().Err);
    }

    [Fact]
    public void ShellEscapeRunsTheCommand()
    {
        Assert.True(_s.Run("!echo hello from $((6*7))"));
        Assert.Equal("hello from 42\n", _s.Take().Out);
        Assert.False(_s.Run("!exit 3"));
    }

    [Fact]
    public void InteractiveShellNeedsThePrompt()
    {
        Assert.False(_s.Run("!"));
        Assert.Contains("interactive", _s.Take().Err);
    }

    [Fact]
    public void UnopenableFileIsReportedAndNothingRuns()
    {
        string f = Path.Combine(_tmp.Dir, "no", "such", "dir");
        Assert.False(_s.Run($"echo x > {f}"));
        var (output, err) = _s.Take();
        Assert.Equal("", output);
        Assert.StartsWith($"crash: unable to open {f}: ", err);
    }

    [Fact]
    public void BrokenLinesAreReportedAsCrashDoes()
    {
        Assert.False(_s.Run("echo x |"));
        Assert.Equal("crash: no shell command after '|'\n", _s.Take().Err);
    }
}
