using System.Diagnostics;

namespace Crashdive.Tests.Prompt;

/// <summary>
/// A program running in a detached tmux session on a private server socket, driven by keys and
/// read back from the screen. Every wait is bounded: a prompt that never comes fails the test
/// with the screen in the message. Disposing kills this server (and only it).
/// </summary>
internal sealed class TmuxSession : IDisposable
{
    private static readonly TimeSpan TmuxCommandLimit = TimeSpan.FromSeconds(15);

    private readonly string _socket = Path.Combine(Path.GetTempPath(), "crashdive-tmux-" + Guid.NewGuid().ToString("N")[..12]);

    // The program's exit status, written by the shell that runs it: tmux 3.3 does not always
    // record #{pane_dead_status} for a program that exits quickly.
    private readonly string _statusFile = Path.Combine(Path.GetTempPath(), "crashdive-tmux-status-" + Guid.NewGuid().ToString("N")[..12]);

    private TmuxSession()
    {
    }

    /// <summary>Starts <paramref name="shellCommand"/> in a <paramref name="columns"/> x <paramref name="rows"/> window.</summary>
    public static TmuxSession Start(string shellCommand, int columns, int rows)
    {
        if (!OnPath("tmux"))
            Assert.Fail("tmux is missing: the terminal test drives the prompt through it (apt-get install -y tmux)");
        var t = new TmuxSession();
        // remain-on-exit keeps the pane (and its last screen) after the program ends.
        string wrapped = $"{shellCommand}; echo $? > {t._statusFile}.tmp && mv {t._statusFile}.tmp {t._statusFile}";
        t.Tmux("new-session", "-d", "-s", "t", "-x", columns.ToString(), "-y", rows.ToString(), wrapped,
            ";", "set-option", "-t", "t", "remain-on-exit", "on");
        return t;
    }

    /// <summary>True when <paramref name="program"/> is found on PATH.</summary>
    public static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, program)));

    /// <summary>Types <paramref name="text"/> literally.</summary>
    public void Type(string text) => Tmux("send-keys", "-t", "t", "-l", text);

    /// <summary>Presses keys named as tmux names them (<c>Enter</c>, <c>Tab</c>, <c>Up</c>, <c>C-c</c>).</summary>
    public void Keys(params string[] keys) => Tmux(["send-keys", "-t", "t", .. keys]);

    /// <summary>The visible screen, wrapped lines joined, trailing blanks removed from each line.</summary>
    public string[] Screen() =>
        Tmux("capture-pane", "-p", "-J", "-t", "t").Split('\n').Select(l => l.TrimEnd()).ToArray();

    /// <summary>The last line of the screen that is not blank.</summary>
    public string LastLine() => Screen().LastOrDefault(l => l.Length > 0) ?? "";

    /// <summary>True once the program has ended; <paramref name="status"/> is its exit status.</summary>
    public bool Exited(out int status)
    {
        status = -1;
        if (!File.Exists(_statusFile))
            return false;
        status = int.TryParse(File.ReadAllText(_statusFile).Trim(), out int code) ? code : -1;
        return true;
    }

    /// <summary>Polls the screen until <paramref name="done"/> holds; fails the test after <paramref name="seconds"/>.</summary>
    public void WaitFor(string what, Func<string[], bool> done, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        string[] screen;
        while (true)
        {
            screen = Screen();
            if (done(screen))
                return;
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
                break;
            if (Exited(out int status))
            {
                screen = Screen();
                if (done(screen))
                    return;
                Assert.Fail($"the program exited (status {status}) while waiting for {what}; screen:\n{string.Join('\n', screen)}");
            }
            Thread.Sleep(100);
        }
        Assert.Fail($"no {what} within {seconds} s; screen:\n{string.Join('\n', screen)}");
    }

    /// <summary>Waits until the last line of the screen is exactly <paramref name="line"/>.</summary>
    public void WaitForLastLine(string line, int seconds = 30) =>
        WaitFor($"last line \"{line}\"", s => s.LastOrDefault(l => l.Length > 0) == line, seconds);

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Tmux("kill-server");
        }
        catch (Xunit.Sdk.FailException)
        {
            // Already gone.
        }
        File.Delete(_socket);
        File.Delete(_statusFile);
    }

    private string Tmux(params string[] args)
    {
        var psi = new ProcessStartInfo("tmux")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-S");
        psi.ArgumentList.Add(_socket);
        psi.ArgumentList.Add("-f");
        psi.ArgumentList.Add("/dev/null");
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["TERM"] = "xterm-256color";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TmuxCommandLimit))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"tmux {string.Join(' ', args)} did not return within {TmuxCommandLimit.TotalSeconds} s");
        }
        if (p.ExitCode != 0)
            Assert.Fail($"tmux {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result.Trim()}");
        return stdout.Result;
    }
}
