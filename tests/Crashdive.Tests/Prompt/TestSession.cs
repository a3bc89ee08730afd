using Crashdive.Cli;
using Crashdive.Commands;
using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Tests.Dumps;

namespace Crashdive.Tests.Prompt;

/// <summary>
/// A session over a tiny synthetic dump (the prompt's plumbing needs no kernel), with the real
/// commands and any test commands, its output and errors captured.
/// </summary>
internal sealed class TestSession : IDisposable
{
    public TestSession(params ICommand[] extra)
    {
        var image = new ElfCoreBuilder().Prstatus(1, 0).Load(0, new byte[4096]).Build();
        var dump = DumpOpener.Open(image.Source());
        Session = new Session(new KernelProgram(dump), "vmlinux", SessionIO.ForWriters(Out, Err), CommandRegistry.CreateAll().Concat(extra));
    }

    public StringWriter Out { get; } = new();

    public StringWriter Err { get; } = new();

    public Session Session { get; }

    /// <summary>Runs one line; returns whether it succeeded.</summary>
    public bool Run(string line) => Session.Execute(line);

    /// <summary>Output and errors so far, then cleared.</summary>
    public (string Out, string Err) Take()
    {
        var r = (Out.ToString(), Err.ToString());
        Out.GetStringBuilder().Clear();
        Err.GetStringBuilder().Clear();
        return r;
    }

    public void Dispose() => Session.Dispose();
}
