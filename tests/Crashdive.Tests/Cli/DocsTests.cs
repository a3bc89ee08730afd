using Crashdive.Cli;
using Crashdive.Cli.Docs;
using Crashdive.Tests.Authorship;
using Crashdive.Tests.Prompt;

namespace Crashdive.Tests.Cli;

/// <summary><c>crashdive --man</c> and <c>crashdive --completion bash</c>: generated from the declarations, every command in both.</summary>
public sealed class DocsTests
{
    [Fact]
    public void TheCatalogHoldsEveryCommandOfASessionWithTheSameDeclaration()
    {
        var catalog = CommandCatalog.All().ToDictionary(c => c.Name);
        using var s = new TestSession();
        foreach (var (name, command) in s.Session.Commands)
        {
            Assert.True(catalog.ContainsKey(name), $"{name} is not in the catalog");
            Assert.Equal(command.Spec.Help, catalog[name].Help);
        }
        // the scripting commands join a session after it opens; the catalog lists them too
        Assert.Contains("lua", catalog.Keys);
        Assert.Contains("csx", catalog.Keys);
    }

    [Fact]
    public void EveryCommandHasASectionInTheManPage()
    {
        var r = CliRunner.Run("", "--man");
        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.StartsWith(".TH CRASHDIVE 1 ", r.Out);
        foreach (var spec in CommandCatalog.All())
        {
            Assert.Contains($"\n.SS {ManPage.Escape(spec.Name)} \\- {ManPage.Escape(spec.Summary)}\n", r.Out);
            foreach (var o in spec.Options)
                Assert.Contains($"\\fB{ManPage.Escape(o.Flag)}\\fR", r.Out);
        }
        // no line may start with a dot or quote that roff would take for a request it does not know
        foreach (string line in r.Out.Split('\n'))
            Assert.True(line.Length == 0 || line[0] != '\'', line);
        Assert.Empty(CrashProse.CopiedLines(r.Out));
    }

    [Fact]
    public void OneCommandsPageAndAnUnknownOne()
    {
        var r = CliRunner.Run("", "--man", "kmem");
        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.StartsWith(".TH CRASHDIVE-KMEM 1 ", r.Out);
        Assert.Contains("\n.SH kmem \\- kernel memory\n", r.Out);
        var bad = CliRunner.Run("", "--man", "nosuch");
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        Assert.Equal("crashdive: --man: no command named nosuch\n", bad.Err);
    }

    [Fact]
    public void EveryCommandIsCompletedAfterMan()
    {
        var r = CliRunner.Run("", "--completion", "bash");
        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.Contains("complete -o filenames -o bashdefault -F _crashdive crashdive\n", r.Out);
        string list = r.Out.Split('\n').Single(l => l.TrimStart().StartsWith("local commands=", StringComparison.Ordinal));
        var words = list[(list.IndexOf('"') + 1)..list.LastIndexOf('"')].Split(' ');
        foreach (var spec in CommandCatalog.All())
        {
            // "*" (crash's pointer-to-struct command) would be globbed by the shell: it is the one left out
            if (spec.Name == "*")
                Assert.DoesNotContain("*", words);
            else
                Assert.Contains(spec.Name, words);
        }
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("", "--completion", "zsh").ExitCode);
    }
}
