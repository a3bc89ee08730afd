using Crashdive.Cli.Parsing;

namespace Crashdive.Tests.Prompt;

/// <summary>The prompt's line parser against crash's rules: pipes, redirections, quotes, parentheses, shell escapes.</summary>
public sealed class CommandLineParserTests
{
    // line, words joined by '§', shell pipeline, redirect path, append
    public static TheoryData<string, string, string?, string?, bool> Commands => new()
    {
        { "log", "log", null, null, false },
        { "  log   -t  -m ", "log§-t§-m", null, null, false },
        { "log | grep -c Linux", "log", "grep -c Linux", null, false },
        { "log|grep x|wc -l", "log", "grep x|wc -l", null, false },
        { "log ! grep x", "log", "grep x", null, false },           // crash: '!' outside quotes is a pipe too
        { "log > out.txt", "log", null, "out.txt", false },
        { "log >out.txt", "log", null, "out.txt", false },
        { "log >> out.txt", "log", null, "out.txt", true },
        { "log>>out.txt", "log", null, "out.txt", true },
        { "log > \"my file\"", "log", null, "my file", false },
        { "log > a b", "log", null, "a b", false },                 // crash: the rest of the line names the file
        { "log > f | grep x", "log", null, "f | grep x", false },    // the first of '|' and '>' decides
        { "log | grep x > f", "log", "grep x > f", null, false },   // the shell redirects its own output
        { "echo \"a > b\"", "echo§a > b", null, null, false },
        { "echo 'a | b' c", "echo§a | b§c", null, null, false },
        { "echo \"it's\" 'say \"hi\"'", "echo§it's§say \"hi\"", null, null, false },
        { "echo \"a \\\"q\\\" b\"", "echo§a \"q\" b", null, null, false },
        { "echo x\"y z\"w", "echo§xy zw", null, null, false },
        { "echo \"\"", "echo§", null, null, false },
        { "p (a > b) | wc", "p§(a > b)", "wc", null, false },
        { "p (x | (y ! z)) w", "p§(x | (y ! z))§w", null, null, false },
        { "p task->mm > f", "p§task->mm", null, "f", false },
        { "*task_struct ffff8880", "*§task_struct§ffff8880", null, null, false },
        { "echo \"a|b\" | cat", "echo§a|b", "cat", null, false },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void CommandLinesSplitAsCrashDoes(string line, string words, string? shell, string? redirect, bool append)
    {
        var c = CommandLineParser.Parse(line);
        Assert.Equal(LineKind.Command, c.Kind);
        Assert.Equal(words.Split('§'), c.Words);
        Assert.Equal(shell, c.Shell);
        Assert.Equal(redirect, c.RedirectPath);
        Assert.Equal(append, c.Append);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("# a comment | with > stuff")]
    [InlineData("// another comment")]
    public void BlankLinesAndCommentsAreEmpty(string line) =>
        Assert.Equal(LineKind.Empty, CommandLineParser.Parse(line).Kind);

    [Theory]
    [InlineData("!ls -l | wc", "ls -l | wc")]
    [InlineData("! echo hi > f", "echo hi > f")]
    [InlineData("|date", "date")]
    public void ShellEscapesGiveTheRestToTheShell(string line, string command)
    {
        var c = CommandLineParser.Parse(line);
        Assert.Equal(LineKind.Shell, c.Kind);
        Assert.Equal(command, c.Shell);
        Assert.Empty(c.Words);
    }

    [Theory]
    [InlineData("!")]
    [InlineData(" | ")]
    public void ALoneBangOrBarIsAnInteractiveShell(string line) =>
        Assert.Equal(LineKind.InteractiveShell, CommandLineParser.Parse(line).Kind);

    [Theory]
    [InlineData("log |", "no shell command after '|'")]
    [InlineData("log !  ", "no shell command after '!'")]
    [InlineData("log | grep x |", "pipe to nowhere?")]
    [InlineData("log >", "no file name after >")]
    [InlineData("log >>  ", "no file name after >>")]
    [InlineData("echo \"abc", "unterminated double quote")]
    [InlineData("echo 'abc", "unterminated single quote")]
    [InlineData("> f", "no command before '>'")]
    public void BrokenLinesAreRefusedWithCrashsWords(string line, string message)
    {
        var e = Assert.Throws<CommandLineException>(() => CommandLineParser.Parse(line));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void OverlongLinesAreRefused()
    {
        var e = Assert.Throws<CommandLineException>(() => CommandLineParser.Parse("log " + new string('x', CommandLineParser.MaxLineLength)));
        Assert.Contains("exceeds maximum", e.Message);
    }
}
