using Crashdive.Cli;

namespace Crashdive.Tests.Commands.Gdb;

/// <summary>
/// Lines run through the prompt's own dispatch (aliases, <c>NAME/FMT</c>, gdb's words routed to the gdb command) in
/// one session, each line's output and failure message captured on one stream in the order crash prints them.
/// </summary>
public sealed class PromptRun : IDisposable
{
    private readonly StringWriter _all = new() { NewLine = "\n" };

    /// <summary>A session on <paramref name="dump"/> with <paramref name="vmlinux"/>.</summary>
    public PromptRun(string vmlinux, string dump)
    {
        Session = Session.Open(vmlinux, dump, SessionIO.ForWriters(_all, _all), silent: true);
    }

    /// <summary>The session.</summary>
    public Session Session { get; }

    /// <summary>What <paramref name="line"/> printed, failure message included.</summary>
    public string Run(string line)
    {
        Session.Execute(line);
        string text = _all.ToString();
        _all.GetStringBuilder().Clear();
        return text;
    }

    /// <inheritdoc/>
    public void Dispose() => Session.Dispose();
}
