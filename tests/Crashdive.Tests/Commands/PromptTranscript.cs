using Crashdive.Cli;

namespace Crashdive.Tests.Commands;

/// <summary>
/// A real session (the prompt's own dispatch: aliases, the struct-name shorthand, pipes) over a fixture
/// dump, with standard output and errors on one stream as crash prints both on its standard output.
/// </summary>
public sealed class PromptTranscript : IDisposable
{
    private readonly StringWriter _text = new() { NewLine = "\n" };

    public PromptTranscript(string vmlinux, string dump)
    {
        Session = Session.Open(vmlinux, dump, SessionIO.ForWriters(_text, _text), silent: true);
    }

    public Session Session { get; }

    /// <summary>Runs one line as typed at the prompt; returns what it printed, output and errors in order.</summary>
    public string Run(string line)
    {
        Session.Execute(line);
        string r = _text.ToString();
        _text.GetStringBuilder().Clear();
        return r;
    }

    public void Dispose() => Session.Dispose();
}
