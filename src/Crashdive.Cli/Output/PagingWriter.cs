using System.Text;
using Crashdive.Cli.Parsing;

namespace Crashdive.Cli.Output;

/// <summary>
/// crash's scrolling: output that fits on the screen goes straight to the terminal; output
/// longer than the screen goes through a pager. The output is held back until it either ends
/// (printed as is) or fills the screen (the pager is started and given everything so far, then
/// the rest as it comes).
/// </summary>
public sealed class PagingWriter : TextWriter
{
    private readonly TextWriter _console;
    private readonly int _rows;
    private readonly int _columns;
    private readonly Func<ChildProcess> _startPager;
    private readonly StringBuilder _held = new();
    private int _row;
    private int _column;
    private ChildProcess? _pager;
    private TextWriter? _target;

    /// <summary>Pages output longer than <paramref name="rows"/> rows of <paramref name="columns"/> columns through what <paramref name="startPager"/> starts.</summary>
    public PagingWriter(TextWriter console, int rows, int columns, Func<ChildProcess> startPager)
    {
        _console = console;
        _rows = Math.Max(2, rows);
        _columns = Math.Max(1, columns);
        _startPager = startPager;
    }

    /// <summary>Why the pager could not be started, or null (the output then went to the terminal).</summary>
    public string? PagerError { get; private set; }

    /// <inheritdoc/>
    public override Encoding Encoding => _console.Encoding;

    /// <inheritdoc/>
    public override void Write(char value) => Write([value]);

    /// <inheritdoc/>
    public override void Write(string? value) => Write(value.AsSpan());

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (_target != null)
        {
            _target.Write(buffer);
            return;
        }
        _held.Append(buffer);
        Count(buffer);
        if (_row >= _rows - 1)
            StartPager();
    }

    /// <summary>
    /// Ends the output: prints what was held back when it fit on the screen, or closes the
    /// pager's input and waits for the user to leave it.
    /// </summary>
    public void Finish()
    {
        if (_pager == null)
        {
            _console.Write(_held);
            _held.Clear();
            _console.Flush();
            return;
        }
        _pager.Finish();
        _pager.Dispose();
    }

    private void StartPager()
    {
        try
        {
            _pager = _startPager();
            _target = _pager.Input ?? _console;
        }
        catch (CommandLineException e)
        {
            PagerError = e.Message;
            _target = _console;
        }
        _target.Write(_held);
        _held.Clear();
    }

    // Rows the text takes on the screen, wrapping long lines and expanding tabs.
    private void Count(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c == '\n')
            {
                _row++;
                _column = 0;
                continue;
            }
            _column = c == '\t' ? (_column / 8 + 1) * 8 : _column + 1;
            if (_column >= _columns)
            {
                _row++;
                _column = 0;
            }
        }
    }
}
