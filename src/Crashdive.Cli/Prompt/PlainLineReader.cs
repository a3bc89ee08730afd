namespace Crashdive.Cli.Prompt;

/// <summary>
/// Lines from a reader, with no editing: batch input (<c>-i FILE</c>, a pipe on standard
/// input), or a terminal the line editor cannot drive (then <paramref name="prompt"/> is
/// written before each line).
/// </summary>
public sealed class PlainLineReader(TextReader input, TextWriter? prompt) : ILineReader
{
    /// <inheritdoc/>
    public string? ReadLine()
    {
        if (prompt != null)
        {
            prompt.Write(Session.Prompt);
            prompt.Flush();
        }
        return input.ReadLine();
    }
}
