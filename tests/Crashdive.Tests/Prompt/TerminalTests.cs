using Crashdive.Tests.Cli;

namespace Crashdive.Tests.Prompt;

/// <summary>
/// The real prompt in a real terminal (tmux) on a real dump: Tab completion, a pipe through
/// grep, a redirect to a file, history on the arrow keys, the pager, Ctrl-C at the prompt and
/// during a repeating command, and q. The expected text comes from the same program run as a batch.
/// </summary>
public sealed class TerminalTests
{
    [Fact]
    public void ThePromptWorksInATerminal()
    {
        string vmlinux = Fixtures.Path("kernel/vmlinux");
        string vmcore = Fixtures.Path("kdump/vmcore.elf");
        if (!TmuxSession.OnPath("less"))
            Assert.Fail("less is missing: the prompt pages long output through it (apt-get install -y less)");

        var batch = CliRunner.Run("log\n", "-s", vmlinux, vmcore);
        Assert.Equal(0, batch.ExitCode);
        string log = batch.Out;
        int linuxLines = log.Split('\n').Count(l => l.Contains("Linux"));
        Assert.True(linuxLines > 0, "the kernel log names Linux");
        string lastLogLine = log.TrimEnd('\n').Split('\n')[^1].TrimEnd();

        using var tmp = new TempFiles();
        string outFile = Path.Combine(tmp.Dir, "log.txt");
        string program = Path.Combine(AppContext.BaseDirectory, "crashdive");
        string command = $"env -u PAGER -u CRASHPAGER HOME='{tmp.Dir}' '{program}' '{vmlinux}' '{vmcore}'";
        using var t = TmuxSession.Start(command, columns: 160, rows: 40);

        t.WaitForLastLine("crash>", seconds: 120);

        // Tab completes a command name.
        t.Type("lo");
        t.Keys("Tab");
        t.WaitForLastLine("crash> log");

        // A pipe through grep: the count shows under the command line.
        t.Type(" | grep -c Linux");
        t.Keys("Enter");
        t.WaitFor("the grep count", s =>
        {
            int at = Array.LastIndexOf(s, "crash> log | grep -c Linux");
            return at >= 0 && at + 2 < s.Length && s[at + 1] == linuxLines.ToString() && s[at + 2] == "crash>";
        });

        // A redirect writes the file, byte for byte what the batch printed.
        t.Type($"log > {outFile}");
        t.Keys("Enter");
        t.WaitFor("the redirected log", s => s.Contains($"crash> log > {outFile}") && s.Last(l => l.Length > 0) == "crash>"
            && File.Exists(outFile) && new FileInfo(outFile).Length == log.Length);
        Assert.Equal(log, File.ReadAllText(outFile));

        // The arrows walk the history; Ctrl-C drops the recalled line and the prompt stays.
        t.Keys("Up");
        t.WaitForLastLine($"crash> log > {outFile}");
        t.Keys("Up");
        t.WaitForLastLine("crash> log | grep -c Linux");
        t.Keys("Down");
        t.WaitForLastLine($"crash> log > {outFile}");
        t.Keys("C-c");
        t.WaitForLastLine("crash>");
        t.Keys("C-c"); // at an empty prompt: nothing happens, the session goes on
        t.Type("alias dmesg");
        t.Keys("Enter");
        t.WaitFor("the alias listing", s => s.Contains("builtin  dmesg    log") && s.Last(l => l.Length > 0) == "crash>");
        Assert.False(t.Exited(out _));

        // Output longer than the screen goes through the pager; q leaves it.
        t.Type("log");
        t.Keys("Enter");
        t.WaitFor("the pager's prompt", s => s.Last(l => l.Length > 0).Contains("-- MORE --"));
        t.Keys("q");
        t.WaitForLastLine("crash>");

        // Ctrl-C stops a command that would repeat forever.
        t.Type("set scroll off");
        t.Keys("Enter");
        t.WaitFor("scroll off", s => s.Contains("scroll: off (less -E -X -R)") && s.Last(l => l.Length > 0) == "crash>");
        t.Type("repeat -1 log");
        t.Keys("Enter");
        t.WaitForLastLine(lastLogLine);
        t.Keys("C-c");
        t.WaitForLastLine("crash>");
        t.Type("help repeat");
        t.Keys("Enter");
        t.WaitFor("help after the interrupted repeat", s => s.Contains("  repeat - repeat a command") && s.Last(l => l.Length > 0) == "crash>");

        t.Type("q");
        t.Keys("Enter");
        t.WaitFor("the end of the session", screen => t.Exited(out int _));
        Assert.True(t.Exited(out int status));
        Assert.Equal(0, status);

        string[] history = File.ReadAllLines(Path.Combine(tmp.Dir, ".crashdive_history"));
        Assert.Equal(["log | grep -c Linux", $"log > {outFile}", "alias dmesg", "log", "set scroll off", "repeat -1 log", "help repeat", "q"], history);
    }
}
