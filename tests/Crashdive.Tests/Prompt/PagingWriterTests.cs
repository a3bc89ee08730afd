using Crashdive.Cli;
using Crashdive.Cli.Output;

namespace Crashdive.Tests.Prompt;

/// <summary>Scrolling: output that fits the screen is printed; longer output goes to the pager (here `cat` into a writer).</summary>
public sealed class PagingWriterTests
{
    private readonly StringWriter _screen = new();
    private readonly StringWriter _pagerOut = new();
    private int _started;

    private PagingWriter Writer(int rows, int columns) => new(_screen, rows, columns, () =>
    {
        _started++;
        return ChildProcess.Start("cat", ChildInput.Pipe, SessionIO.ForWriters(_pagerOut, TextWriter.Null));
    });

    [Fact]
    public void ShortOutputIsPrintedWithoutThePager()
    {
        var w = Writer(rows: 10, columns: 80);
        for (int i = 0; i < 8; i++)
            w.WriteLine($"line {i}");
        Assert.Equal("", _screen.ToString()); // held back until it ends or fills the screen
        w.Finish();
        Assert.Equal(string.Concat(Enumerable.Range(0, 8).Select(i => $"line {i}\n")), _screen.ToString());
        Assert.Equal(0, _started);
    }

    [Fact]
    public void LongOutputGoesThroughThePagerWhole()
    {
        var w = Writer(rows: 10, columns: 80);
        string expected = string.Concat(Enumerable.Range(0, 50).Select(i => $"line {i}\n"));
        w.Write(expected);
        w.Finish();
        Assert.Equal(1, _started);
        Assert.Equal("", _screen.ToString());
        Assert.Equal(expected, _pagerOut.ToString());
    }

    [Fact]
    public void WrappedLinesCountAsTheRowsTheyTake()
    {
        var w = Writer(rows: 10, columns: 20);
        for (int i = 0; i < 4; i++)
            w.WriteLine(new string('x', 50)); // 3 rows each on a 20-column screen: 12 rows
        w.Finish();
        Assert.Equal(1, _started);
        Assert.Equal(4 * 51, _pagerOut.ToString().Length);
    }

    [Fact]
    public void APagerThatCannotStartLeavesTheOutputOnTheScreen()
    {
        var w = new PagingWriter(_screen, 3, 80, () => throw new Crashdive.Cli.Parsing.CommandLineException("no pager"));
        w.Write("a\nb\nc\nd\n");
        w.Finish();
        Assert.Equal("a\nb\nc\nd\n", _screen.ToString());
        Assert.Equal("no pager", w.PagerError);
    }
}
