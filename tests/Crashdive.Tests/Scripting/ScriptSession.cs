using Crashdive.Cli;

namespace Crashdive.Tests.Scripting;

/// <summary>
/// A real session (the prompt's own dispatch, the lua command) over a fixture dump, its output
/// and errors captured.
/// </summary>
public sealed class ScriptSession : IDisposable
{
    public const string Dump = "kdump/vmcore.kdump-zlib";

    public ScriptSession(string dump = Dump)
    {
        DumpPath = dump;
        Session = Session.Open(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), SessionIO.ForWriters(Out, Err), silent: true);
    }

    public string DumpPath { get; }

    public Session Session { get; }

    public StringWriter Out { get; } = new() { NewLine = "\n" };

    public StringWriter Err { get; } = new() { NewLine = "\n" };

    /// <summary>Runs one prompt line; returns whether it succeeded, with what it printed (then cleared).</summary>
    public (bool Ok, string Out, string Err) Run(string line)
    {
        bool ok = Session.Execute(line);
        var r = (ok, Out.ToString(), Err.ToString());
        Out.GetStringBuilder().Clear();
        Err.GetStringBuilder().Clear();
        return r;
    }

    /// <summary>Runs a line that must succeed; returns its output.</summary>
    public string RunOk(string line)
    {
        var (ok, o, e) = Run(line);
        Assert.True(ok, $"`{line}` failed:\n{e}\noutput:\n{o}");
        Assert.Equal("", e);
        return o;
    }

    /// <summary>Runs a Lua chunk (<c>lua -e</c>, given as one argument) that must succeed; returns its output.</summary>
    public string Lua(string chunk)
    {
        string file = Path.Combine(Path.GetTempPath(), $"crashdive-test-{Environment.ProcessId}-{Guid.NewGuid():N}.lua");
        File.WriteAllText(file, chunk);
        try
        {
            return RunOk($"lua {file}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The repository's <c>scripts/NAME</c>.</summary>
    public static string Script(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "scripts", name);
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "crashdive.slnx")))
                return candidate;
        }
        Assert.Fail($"scripts/{name} not found above {AppContext.BaseDirectory}");
        return "";
    }

    public void Dispose() => Session.Dispose();
}
