using System.Text;
using Crashdive.Cli.Parsing;

namespace Crashdive.Cli.Output;

/// <summary>
/// Where one command line's output goes, set up before the command runs and closed after:
/// a shell pipeline (<c>| cmd</c>), a file (<c>&gt; file</c>, <c>&gt;&gt; file</c>), the pager
/// (long output at an interactive terminal with scrolling on), or the session's output.
/// </summary>
public sealed class CommandOutput
{
    private readonly ChildProcess? _pipe;
    private readonly StreamWriter? _file;
    private readonly PagingWriter? _pager;
    private readonly TextWriter _inner;

    private CommandOutput(TextWriter inner, CancellationTokenSource cancellation, ChildProcess? pipe, StreamWriter? file, PagingWriter? pager)
    {
        _inner = inner;
        _pipe = pipe;
        _file = file;
        _pager = pager;
        Writer = new CommandWriter(inner, cancellation);
    }

    /// <summary>The writer the command prints through.</summary>
    public CommandWriter Writer { get; }

    /// <summary>
    /// Opens the target <paramref name="line"/> names. <paramref name="page"/>: page long output
    /// when it goes to the terminal. Throws <see cref="CommandLineException"/> when a file cannot
    /// be opened or a shell cannot be started.
    /// </summary>
    public static CommandOutput Open(CommandLine line, SessionIO io, bool page, CancellationTokenSource cancellation)
    {
        if (line.Shell != null)
        {
            var child = ChildProcess.Start(line.Shell, ChildInput.Pipe, io);
            return new CommandOutput(child.Input!, cancellation, child, null, null);
        }
        if (line.RedirectPath != null)
        {
            var file = OpenFile(line.RedirectPath, line.Append);
            return new CommandOutput(file, cancellation, null, file, null);
        }
        if (page && io.OutputIsConsole && io.OutputIsTerminal && SessionIO.TerminalSize() is var (rows, cols))
        {
            var pager = new PagingWriter(io.Out, rows, cols, () => Pager.Start(io));
            return new CommandOutput(pager, cancellation, null, null, pager);
        }
        return new CommandOutput(io.Out, cancellation, null, null, null);
    }

    /// <summary>
    /// Flushes and closes the target, waits for a pipeline or pager to finish; returns a
    /// message when the pager could not be started (the output went to the terminal instead).
    /// </summary>
    public string? Close()
    {
        Writer.Flush();
        if (_pipe != null)
        {
            _pipe.Finish();
            _pipe.Dispose();
        }
        if (_file != null)
        {
            try
            {
                _file.Dispose();
            }
            catch (IOException)
            {
                // Disk full or the like after the command finished: already reported by the failing write.
            }
        }
        if (_pager != null)
        {
            _pager.Finish();
            return _pager.PagerError;
        }
        if (_inner != _file && _pipe == null)
            _inner.Flush();
        return null;
    }

    private static StreamWriter OpenFile(string path, bool append)
    {
        try
        {
            var stream = new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read);
            return new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException($"unable to open {path}: {e.Message}");
        }
    }
}
