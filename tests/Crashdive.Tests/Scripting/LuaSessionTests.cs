using System.Text.RegularExpressions;
using Crashdive.Tests.Cli;

namespace Crashdive.Tests.Scripting;

/// <summary>
/// The lua command and crash-lua's <c>crash.exec_command</c> on a real dump: the text a command
/// returns is the text the prompt prints for the same line (same dispatch), errors carry the
/// prompt's message, script errors are one line naming file and line, the state persists.
/// </summary>
public sealed class LuaSessionTests : IClassFixture<LuaSessionTests.Shared>
{
    public sealed class Shared : IDisposable
    {
        public ScriptSession S { get; } = new();

        public void Dispose() => S.Dispose();
    }

    private readonly ScriptSession _s;

    public LuaSessionTests(Shared shared) => _s = shared.S;

    [Theory]
    [InlineData("sym jiffies")]
    [InlineData("log | head -3")]
    [InlineData("rd -x init_net 4")]
    [InlineData("log -m | grep -c Linux")]
    [InlineData("x/4gx &init_task")]
    [InlineData("ptype/o struct list_head")]
    [InlineData("info symbol &init_task")]
    [InlineData("i r rip")]
    [InlineData("output init_task.pid")]
    [InlineData("printf \"%s %d\\n\", init_task.comm, init_task.pid")]
    [InlineData("gdb whatis init_task")]
    public void ExecCommandReturnsWhatThePromptPrints(string line)
    {
        string atPrompt = _s.RunOk(line);
        Assert.NotEqual("", atPrompt);
        string fromLua = _s.Lua($"require \"crash\"\nio.write(crash.exec_command([[{line}]]))");
        Assert.Equal(atPrompt, fromLua);
    }

    [Fact]
    public void ExecCommandAliasesGoThroughTheSession()
    {
        _s.RunOk("alias jj sym jiffies");
        Assert.Equal(_s.RunOk("sym jiffies"), _s.Lua("io.write(crash.exec_command('jj'))"));
    }

    [Theory]
    [InlineData("rd 0")]
    [InlineData("nosuchcommand")]
    [InlineData("rd -Q 0")]
    [InlineData("x/2xg init_task")]
    [InlineData("gdb foo")]
    [InlineData("info threads")]
    public void ExecCommandFailuresAreLuaErrorsWithThePromptsMessage(string line)
    {
        var (ok, _, err) = _s.Run(line);
        Assert.False(ok);
        string message = _s.Lua($"local ok, e = pcall(crash.exec_command, [[{line}]])\nassert(not ok)\nio.write(e)");
        Assert.Equal(err.TrimEnd('\n'), message);
    }

    [Fact]
    public void ScriptErrorIsOneLineWithFileAndLine()
    {
        string file = Path.Combine(Path.GetTempPath(), $"crashdive-err-{Guid.NewGuid():N}.lua");
        File.WriteAllText(file, "local x = 1\nlocal y = nil\nprint(y.z)\n");
        try
        {
            var (ok, o, e) = _s.Run($"lua {file}");
            Assert.False(ok);
            Assert.Equal("", o);
            Assert.Equal($"lua: {file}:3: attempt to index a nil value (local 'y')\n", e);
        }
        finally
        {
            File.Delete(file);
        }
        // The prompt goes on.
        Assert.Equal("2\n", _s.RunOk("lua -e print(1+1)"));
    }

    [Fact]
    public void CommandErrorInsideAScriptNamesTheScriptLine()
    {
        var (ok, _, e) = _s.Run("lua -e \"x = 1; crash.exec_command('rd 0')\"");
        Assert.False(ok);
        var (_, _, direct) = _s.Run("rd 0");
        Assert.Equal($"lua: (command line):1: {direct.TrimEnd('\n')}\n", e);
    }

    [Fact]
    public void FaultsAreLuaErrorsNamingTheAddress()
    {
        string message = _s.Lua("local ok, e = pcall(function() local v = kernel.read_u64(0x10) return v end)\nio.write(e)");
        Assert.Matches(@":1: virtual address 10: ", message);
        string viaObject = _s.Lua("local ok, e = pcall(function() local v = kernel.object('unsigned long', 0x18):value() return v end)\nio.write(e)");
        Assert.Contains("virtual address 18", viaObject);
    }

    [Fact]
    public void StateIsKeptAcrossCalls()
    {
        _s.RunOk("lua -e \"kept = 41\"");
        Assert.Equal("42\n", _s.RunOk("lua -e \"print(kept + 1)\""));
    }

    [Fact]
    public void ArgumentsAreInArgAndDots()
    {
        string file = Path.Combine(Path.GetTempPath(), $"crashdive-args-{Guid.NewGuid():N}.lua");
        File.WriteAllText(file, "print(#arg, arg[1], arg[2], select('#', ...), ...)\nprint(arg[0])\n");
        try
        {
            Assert.Equal($"2\tone\ttwo words\t2\tone\ttwo words\n{file}\n", _s.RunOk($"lua {file} one \"two words\""));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void OutputTakesPipesAndRedirects()
    {
        Assert.Equal("b\n", _s.RunOk("lua -e \"print('a') print('b')\" | tail -1"));
        string file = Path.Combine(Path.GetTempPath(), $"crashdive-out-{Guid.NewGuid():N}.txt");
        try
        {
            Assert.Equal("", _s.RunOk($"lua -e \"print('to file')\" > {file}"));
            Assert.Equal("to file\n", File.ReadAllText(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void CtrlCStopsARunawayScript()
    {
        using var timer = new Timer(_ => _s.Session.Interrupt(), null, 500, 200);
        var (ok, _, _) = _s.Run("lua -e \"while true do end\"");
        timer.Change(Timeout.Infinite, Timeout.Infinite);
        Assert.False(ok);
        Assert.Equal("3\n", _s.RunOk("lua -e print(3)"));
    }

    [Fact]
    public void CtrlCStopsARunawayCoroutine()
    {
        using var timer = new Timer(_ => _s.Session.Interrupt(), null, 500, 200);
        var (ok, _, _) = _s.Run("lua -e \"coroutine.wrap(function() while true do end end)()\"");
        timer.Change(Timeout.Infinite, Timeout.Infinite);
        Assert.False(ok);
        Assert.Equal("1\t2\n", _s.RunOk("lua -e \"print(coroutine.wrap(function(a) coroutine.yield(a, 2) end)(1))\""));
    }

    [Fact]
    public void ObjectsAreReadOnly()
    {
        string message = _s.Lua("local ok, e = pcall(function() local n = kernel.var('init_net') n.ifindex = 5 end)\nio.write(e)");
        Assert.EndsWith("kernel objects are read-only: a script cannot write to the dump", message);
    }

    [Fact]
    public void OsExitDoesNotEndTheSession()
    {
        var (ok, _, e) = _s.Run("lua -e os.exit(1)");
        Assert.False(ok);
        Assert.Contains("os.exit is not available", e);
        Assert.Equal("1\n", _s.RunOk("lua -e print(1)"));
    }

    [Fact]
    public void DashLRunsAScriptWithArgumentsAndExits()
    {
        string file = Path.Combine(Path.GetTempPath(), $"crashdive-l-{Guid.NewGuid():N}.lua");
        File.WriteAllText(file, "require 'crash'\nprint(arg[1], arg[2])\nio.write(crash.exec_command('sym jiffies'))\n");
        try
        {
            var r = CliRunner.Run("sym jiffies\n", Fixtures.Path("kernel/vmlinux"), Fixtures.Path(ScriptSession.Dump), "-l", file, "x", "-y");
            Assert.Equal(0, r.ExitCode);
            Assert.Equal("", r.Err);
            // Only the script's output: no banner, and standard input is not read after the script.
            Assert.Equal("x\t-y\n" + _s.RunOk("sym jiffies"), r.Out);

            File.WriteAllText(file, "error('boom')\n");
            r = CliRunner.Run("", Fixtures.Path("kernel/vmlinux"), Fixtures.Path(ScriptSession.Dump), "-l", file);
            Assert.Equal(1, r.ExitCode);
            Assert.Equal($"lua: {file}:1: boom\n", r.Err);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void HelpLuaDescribesTheApi()
    {
        string help = _s.RunOk("help lua");
        Assert.Contains("crash.exec_command", help);
        Assert.Matches(new Regex(@"kernel\.list_for_each_entry"), help);
    }
}
