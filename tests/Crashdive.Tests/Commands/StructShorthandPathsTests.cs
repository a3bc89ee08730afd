using Crashdive.Tests.Cli;
using Crashdive.Tests.Scripting;

namespace Crashdive.Tests.Commands;

/// <summary>
/// The struct-name shorthand wherever a command line is run: the prompt, a pipeline, an alias, an <c>-i</c>
/// file, commands on standard input, and Lua's <c>crash.exec_command</c>; each prints exactly what the same
/// line with <c>struct</c> (or <c>union</c>) in front prints. Errors carry <c>struct</c>'s name, as in crash.
/// </summary>
public sealed class StructShorthandPathsTests : IClassFixture<StructShorthandPathsTests.Shared>
{
    public sealed class Shared : IDisposable
    {
        public ScriptSession S { get; } = new();

        public void Dispose() => S.Dispose();
    }

    private readonly ScriptSession _s;

    public StructShorthandPathsTests(Shared shared) => _s = shared.S;

    [Theory]
    [InlineData("sk_buff_head -o", "struct sk_buff_head -o")]
    [InlineData("task_struct.pid,comm init_task", "struct task_struct.pid,comm init_task")]
    [InlineData("task_struct.pid,comm init_task -x", "struct task_struct.pid,comm init_task -x")]
    [InlineData("list_head init_task 2", "struct list_head init_task 2")]
    [InlineData("sigval -o", "union sigval -o")]
    [InlineData("net_device.name -o | grep name", "struct net_device.name -o | grep name")]
    public void ShorthandPrintsWhatStructPrints(string shorthand, string full)
    {
        string expected = _s.RunOk(full);
        Assert.NotEqual("", expected);
        Assert.Equal(expected, _s.RunOk(shorthand));
        Assert.Equal(expected, _s.Lua($"io.write(crash.exec_command([[{shorthand}]]))"));
    }

    /// <summary>crash 9.0.2 refuses an alias to a structure name (only commands can be aliased), and so do we.</summary>
    [Fact]
    public void AnAliasCannotNameAShorthandAsInCrash()
    {
        var (ok, _, err) = _s.Run("alias skbh sk_buff_head -o");
        Assert.False(ok);
        Assert.Equal("alias: invalid alias attempt on non-existent command: sk_buff_head\n", err);
        _s.RunOk("alias skbh struct sk_buff_head -o");
        Assert.Equal(_s.RunOk("sk_buff_head -o"), _s.RunOk("skbh"));
    }

    [Theory]
    [InlineData("task_struct.nosuch init_task", "struct: invalid data structure reference: task_struct.nosuch\n")]
    [InlineData("nosuchtype -o", "crash: command not found: nosuchtype\n")]
    public void ErrorsAreWordedAsCrashWordsThem(string line, string error)
    {
        var (ok, output, err) = _s.Run(line);
        Assert.False(ok);
        Assert.Equal("", output);
        Assert.Equal(error, err);
        string fromLua = _s.Lua($"local ok, e = pcall(crash.exec_command, [[{line}]])\nassert(not ok)\nio.write(e)");
        Assert.Equal(error.TrimEnd('\n'), fromLua);
    }

    [Fact]
    public void InputFileAndStandardInputTakeTheShorthand()
    {
        string vmlinux = Fixtures.Path("kernel/vmlinux"), vmcore = Fixtures.Path(ScriptSession.Dump);
        string expected = _s.RunOk("struct sk_buff_head -o") + _s.RunOk("struct task_struct.pid init_task");
        string file = Path.Combine(Path.GetTempPath(), $"crashdive-shorthand-{Environment.ProcessId}-{Guid.NewGuid():N}");
        File.WriteAllText(file, "sk_buff_head -o\ntask_struct.pid init_task\nq\n");
        try
        {
            var fromFile = CliRunner.Run("", "-s", "-i", file, vmlinux, vmcore);
            Assert.Equal(0, fromFile.ExitCode);
            Assert.Equal(expected, fromFile.Out);
        }
        finally
        {
            File.Delete(file);
        }
        var fromStdin = CliRunner.Run("sk_buff_head -o\ntask_struct.pid init_task\n", "-s", vmlinux, vmcore);
        Assert.Equal(0, fromStdin.ExitCode);
        Assert.Equal(expected, fromStdin.Out);
    }
}
