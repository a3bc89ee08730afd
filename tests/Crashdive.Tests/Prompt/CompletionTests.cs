using Crashdive.Cli.Prompt;

namespace Crashdive.Tests.Prompt;

/// <summary>What Tab offers: commands first, symbols after, nothing for options, pipes and files.</summary>
public sealed class CompletionTests
{
    private sealed class Symbols(params string[] names) : ISymbolNameProvider
    {
        private readonly string[] _sorted = names.Order(StringComparer.Ordinal).ToArray();

        public IReadOnlyList<string> NamesStartingWith(string prefix, int max) => KallsymsNameProvider.PrefixRange(_sorted, prefix, max);
    }

    private readonly PromptCompletion _c = new(
        () => ["log", "help", "repeat", "alias", "dmesg", "lsmod"],
        new Symbols("schedule", "schedule_timeout", "sched_clock", "init_task", "log_buf_len"));

    [Theory]
    [InlineData("", "lo", "log")]
    [InlineData("", "l", "log lsmod")]
    [InlineData("", "", "alias dmesg help log lsmod repeat")]
    [InlineData("help ", "rep", "repeat")]
    [InlineData("repeat -1 ", "lo", "log")]
    [InlineData("log ", "sched", "sched_clock schedule schedule_timeout")]
    [InlineData("log -t ", "init", "init_task")]
    [InlineData("repeat -1 log ", "log_", "log_buf_len")]
    public void Offers(string prefix, string word, string expected) =>
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), _c.GetCompletions(prefix, word, "")!);

    [Theory]
    [InlineData("log ", "-")]
    [InlineData("log ", "")]
    [InlineData("log | ", "gr")]
    [InlineData("log > ", "sch")]
    [InlineData("log ", "nosuch")]
    public void OffersNothing(string prefix, string word) => Assert.Null(_c.GetCompletions(prefix, word, ""));

    [Fact]
    public void PrefixRangeIsBounded()
    {
        string[] sorted = Enumerable.Range(0, 1000).Select(i => $"sym{i:D4}").ToArray();
        Assert.Equal(["sym0100", "sym0101", "sym0102"], KallsymsNameProvider.PrefixRange(sorted, "sym01", 3));
        Assert.Empty(KallsymsNameProvider.PrefixRange(sorted, "syn", 10));
        Assert.Equal(["sym0999"], KallsymsNameProvider.PrefixRange(sorted, "sym0999", 10));
    }
}
