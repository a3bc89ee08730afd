namespace Crashdive.Cli.Prompt;

/// <summary>
/// While a command at the interactive prompt waits for the first indexing of the debuginfo (a few
/// seconds on a cold cache), a spinner on standard error after a short delay, cleared when the index
/// is ready or the command ends. Nothing is shown for commands that finish quickly or need no index.
/// </summary>
public sealed class IndexingIndicator : IDisposable
{
    /// <summary>How long a command may wait before the indicator shows.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(500);

    private const string Message = "crashdive: indexing the debuginfo (once; cached for later runs) ";
    private static readonly char[] Spinner = ['|', '/', '-', '\\'];

    private readonly Func<bool> _isIndexed;
    private readonly TextWriter _err;
    private readonly Timer _timer;
    private readonly Lock _lock = new();
    private int _ticks;
    private bool _shown, _done;

    /// <summary>Starts watching: <paramref name="isIndexed"/> says when to stop; the spinner goes to <paramref name="err"/>.</summary>
    public IndexingIndicator(Func<bool> isIndexed, TextWriter err, TimeSpan delay, TimeSpan period)
    {
        _isIndexed = isIndexed;
        _err = err;
        _timer = new Timer(_ => Tick(), null, delay, period);
    }

    /// <summary>An indicator for a command about to run, or null when there is nothing to wait for.</summary>
    public static IndexingIndicator? For(Symbols.SymbolFile? vmlinux, TextWriter err) =>
        vmlinux == null || vmlinux.IsIndexed ? null : new IndexingIndicator(() => vmlinux.IsIndexed, err, Delay, TimeSpan.FromMilliseconds(250));

    private void Tick()
    {
        lock (_lock)
        {
            if (_done)
                return;
            if (_isIndexed())
            {
                Clear();
                _done = true;
                return;
            }
            _err.Write("\r" + Message + Spinner[_ticks++ % Spinner.Length]);
            _err.Flush();
            _shown = true;
        }
    }

    private void Clear()
    {
        if (!_shown)
            return;
        _err.Write("\r\u001b[K");
        _err.Flush();
        _shown = false;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _timer.Dispose();
        lock (_lock)
        {
            Clear();
            _done = true;
        }
    }
}
