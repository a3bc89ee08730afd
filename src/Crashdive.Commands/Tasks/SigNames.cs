using System.Text;

namespace Crashdive.Commands.Tasks;

/// <summary>
/// crash 8.0.2's signal names: SIGHUP..SIGSYS (with their alternative names), then the real-time signals named from
/// crash's own SIGRTMIN of 32 (the kernel's view; glibc reserves 32 and 33): SIGRTMIN, SIGRTMIN+1..+16,
/// SIGRTMAX-15..-1, SIGRTMAX.
/// </summary>
public static class SigNames
{
    private const int RtMin = 32, RtMax = 64;

    private static readonly (string Name, string? Alt)[] Classic =
    [
        ("", null), ("SIGHUP", null), ("SIGINT", null), ("SIGQUIT", null), ("SIGILL", null), ("SIGTRAP", null),
        ("SIGABRT", "SIGIOT"), ("SIGBUS", null), ("SIGFPE", null), ("SIGKILL", null), ("SIGUSR1", null), ("SIGSEGV", null),
        ("SIGUSR2", null), ("SIGPIPE", null), ("SIGALRM", null), ("SIGTERM", null), ("SIGSTKFLT", null), ("SIGCHLD", "SIGCLD"),
        ("SIGCONT", null), ("SIGSTOP", null), ("SIGTSTP", null), ("SIGTTIN", null), ("SIGTTOU", null), ("SIGURG", null),
        ("SIGXCPU", null), ("SIGXFSZ", null), ("SIGVTALRM", null), ("SIGPROF", null), ("SIGWINCH", null), ("SIGIO", "SIGPOLL"),
        ("SIGPWR", null), ("SIGSYS", "SIGUNUSED"),
    ];

    /// <summary>The name of signal <paramref name="sig"/> (1..64) as crash prints it.</summary>
    public static string Name(int sig)
    {
        if (sig < RtMin)
            return Classic[sig].Name;
        if (sig == RtMin)
            return "SIGRTMIN";
        if (sig == RtMax)
            return "SIGRTMAX";
        // j = 64 - 32 - 1 = 31 names between: min = 16 counted up, max = 15 counted down
        int offset = sig - RtMin;
        return offset <= 16 ? $"SIGRTMIN+{offset}" : $"SIGRTMAX-{RtMax - sig}";
    }

    /// <summary>crash's <c>sig -l</c>.</summary>
    public static string List()
    {
        var o = new StringBuilder();
        for (int i = 1; i <= RtMax; i++)
        {
            if (i < RtMin)
            {
                o.Append(i < 10 ? " " : "").Append('[').Append(i).Append("] ").Append(Classic[i].Name);
                if (Classic[i].Alt is string alt)
                    o.Append('/').Append(alt);
            }
            else
            {
                o.Append('[').Append(i).Append("] ").Append(Name(i));
            }
            o.Append('\n');
        }
        return o.ToString();
    }

    /// <summary>crash's <c>translate_sigset</c> (<c>sig -s</c>): the names of the set's signals, lines kept to 80 columns.</summary>
    public static string Translate(ulong set)
    {
        if (set == 0)
            return "(none)\n";
        var o = new StringBuilder();
        int len = 0, c = 0;
        for (int i = 1; i <= RtMax; i++, set >>= 1)
        {
            if ((set & 1) == 0)
                continue;
            string buf = (c++ > 0 ? " " : "") + Name(i);
            if (len + buf.Length > 80)
            {
                buf = buf[1..];
                o.Append('\n');
                len = 0;
            }
            len += buf.Length;
            o.Append(buf);
        }
        return o.Append('\n').ToString();
    }
}
