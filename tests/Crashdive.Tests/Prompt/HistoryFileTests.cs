using Crashdive.Cli.Prompt;
using Crashdive.Tests.Cli;

namespace Crashdive.Tests.Prompt;

/// <summary>The history file: appended as commands come, blank and repeated lines skipped, kept bounded.</summary>
public sealed class HistoryFileTests : IDisposable
{
    private readonly TempFiles _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void LinesAreAppendedOnceAndReadBack()
    {
        string path = Path.Combine(_tmp.Dir, "h");
        var h = new HistoryFile(path);
        Assert.Empty(h.Load());
        foreach (var l in new[] { "log", "log", " ", "help", "log" })
            h.Append(l);
        Assert.Equal("log\nhelp\nlog\n", File.ReadAllText(path));
        Assert.Equal(["log", "help", "log"], new HistoryFile(path).Load());
    }

    [Fact]
    public void GrownFileIsCutBackToTheNewest()
    {
        string path = Path.Combine(_tmp.Dir, "h");
        File.WriteAllLines(path, Enumerable.Range(0, 2 * HistoryFile.MaxEntries + 5).Select(i => $"cmd {i}"));
        var loaded = new HistoryFile(path).Load();
        Assert.Equal(HistoryFile.MaxEntries, loaded.Count);
        Assert.Equal($"cmd {2 * HistoryFile.MaxEntries + 4}", loaded[^1]);
        Assert.Equal(HistoryFile.MaxEntries, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void UnreadableLocationIsIgnored()
    {
        var h = new HistoryFile(Path.Combine(_tmp.Dir, "no", "dir", "h"));
        Assert.Empty(h.Load());
        h.Append("log"); // no exception, no file
        Assert.False(File.Exists(h.Path));
    }
}
