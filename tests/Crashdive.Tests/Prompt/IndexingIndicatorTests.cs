using Crashdive.Cli.Prompt;

namespace Crashdive.Tests.Prompt;

/// <summary>The indexing spinner: shown only after its delay, cleared when the index is ready or the command ends.</summary>
public sealed class IndexingIndicatorTests
{
    // The indicator writes from a timer thread: reads and writes under one lock.
    private sealed class LockedWriter : StringWriter
    {
        private readonly Lock _lock = new();

        public string Text
        {
            get { lock (_lock) return ToString(); }
        }

        public override void Write(string? value)
        {
            lock (_lock)
                base.Write(value);
        }
    }

    [Fact]
    public void ShowsWhileWaitingAndClearsWhenIndexed()
    {
        bool indexed = false;
        var err = new LockedWriter();
        using (var indicator = new IndexingIndicator(() => Volatile.Read(ref indexed), err, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(10)))
        {
            SpinWait.SpinUntil(() => err.Text.Contains("indexing the debuginfo"), TimeSpan.FromSeconds(10));
            Volatile.Write(ref indexed, true);
            SpinWait.SpinUntil(() => err.Text.EndsWith("\r\u001b[K", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        }
        string text = err.Text;
        Assert.StartsWith("\rcrashdive: indexing the debuginfo", text);
        Assert.EndsWith("\r\u001b[K", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "\u001b\\[K"));
    }

    [Fact]
    public void QuickCommandsShowNothing()
    {
        var err = new StringWriter();
        using (new IndexingIndicator(() => false, err, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)))
        {
        }
        Assert.Equal("", err.ToString());
    }

    [Fact]
    public void NothingToWaitForWithoutAVmlinuxOrOnceIndexed()
    {
        Assert.Null(IndexingIndicator.For(null, new StringWriter()));
        using var kernel = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        Assert.NotNull(kernel.FindType("struct net")); // builds or maps the index
        Assert.Null(IndexingIndicator.For(kernel.Vmlinux, new StringWriter()));
    }
}
