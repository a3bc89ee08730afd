using Crashdive.Cli;
using Crashdive.Tests.Cli;

namespace Crashdive.Tests.Prompt;

/// <summary>Commands from standard input and from <c>-i FILE</c> on a real dump, as crash runs them.</summary>
public sealed class BatchTests : IDisposable
{
    private readonly string _vmlinux = Fixtures.Path("kernel/vmlinux");
    private readonly string _vmcore = Fixtures.Path("kdump/vmcore.elf");
    private readonly TempFiles _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private string Log() => CliRunner.Run("log\n", "-s", _vmlinux, _vmcore).Out;

    [Fact]
    public void EachCommandIsEchoedAfterThePromptUnlessSilent()
    {
        string log = Log();
        Assert.NotEqual("", log);
        int count = log.Split('\n').Count(l => l.Contains("Linux"));

        var r = CliRunner.Run("# a comment\n\nlog | grep -c Linux\nlog\n", _vmlinux, _vmcore);
        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.EndsWith($"\ncrash> log | grep -c Linux\n{count}\ncrash> log\n{log}", r.Out);
        Assert.DoesNotContain("comment", r.Out);

        var s = CliRunner.Run("log | grep -c Linux\n", "-s", _vmlinux, _vmcore);
        Assert.Equal($"{count}\n", s.Out);
    }

    [Fact]
    public void AFailedCommandMakesTheExitStatusOneButTheBatchGoesOn()
    {
        var r = CliRunner.Run("log -z\nnosuch\nlog | wc -l\n", "-s", _vmlinux, _vmcore);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("log: invalid option -- 'z'\nUsage:\n", r.Err);
        Assert.Contains("crash: command not found: nosuch\n", r.Err);
        Assert.Equal($"{Log().Split('\n').Length - 1}\n", r.Out.TrimStart());
    }

    [Fact]
    public void ABrokenLineIsReportedAndTheBatchGoesOn()
    {
        var r = CliRunner.Run("log |\nlog | head -1\n", _vmlinux, _vmcore);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Equal("crash: no shell command after '|'\n", r.Err);
        Assert.EndsWith($"crash> log |\ncrash> log | head -1\n{Log().Split('\n')[0]}\n", r.Out);
    }

    [Fact]
    public void InputFileRunsFirstAndQEndsTheSession()
    {
        string file = _tmp.Write("cmds", "log | head -1\nq\nlog\n"u8.ToArray());
        var r = CliRunner.Run("log\n", "-s", "-i", file, _vmlinux, _vmcore);
        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.Equal(Log().Split('\n')[0] + "\n", r.Out); // neither the file's last line nor stdin ran
    }

    [Fact]
    public void WithoutQTheInputFileIsFollowedByStandardInput()
    {
        string file = _tmp.Write("cmds", "alias one \"log | head -1\"\n"u8.ToArray());
        var r = CliRunner.Run("one\n", "-i", file, _vmlinux, _vmcore);
        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.EndsWith($"crash> one\n{Log().Split('\n')[0]}\n", r.Out);
        Assert.Contains("crash> alias one \"log | head -1\"\nORIGIN ", r.Out);
    }

    [Fact]
    public void RedirectInABatchWritesTheFile()
    {
        string f = Path.Combine(_tmp.Dir, "log.txt");
        var r = CliRunner.Run($"log > {f}\nlog >> {f}\n", "-s", _vmlinux, _vmcore);
        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.Equal("", r.Out);
        string log = Log();
        Assert.Equal(log + log, File.ReadAllText(f));
    }
}
