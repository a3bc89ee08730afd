using System.Text.RegularExpressions;

namespace Crashdive.Tests.Commands.Backtrace;

/// <summary>
/// <c>frame N</c> then <c>p NAME</c> on the fixture dump. The expected values come from outside our
/// frame code: the key sysrq-c passes ('c' = 99), the global <c>sysrq_crash_op</c> that <c>op_p</c> points
/// at, and for the NFQUEUE task the user registers of its recvfrom system call (printed by bt from the
/// pt_regs at the top of the stack: RDX is the length, RSI the buffer) and the netlink protocol its
/// socket was opened with (NETLINK_NETFILTER = 12, the guest's nfq process). drgn's values of the same
/// frames are compared in <see cref="FrameVariablesDrgnTests"/>.
/// </summary>
public sealed partial class FrameCommandTests
{
    private const string Dump = "kdump/vmcore.kdump-zlib";

    private static int Level(string bt, string function)
    {
        Match m = Regex.Match(bt, $@"^ ?#(\d+) \[[0-9a-f]+\] {Regex.Escape(function)}(\.cold)? at", RegexOptions.Multiline);
        Assert.True(m.Success, $"bt shows {function}:\n{bt}");
        return int.Parse(m.Groups[1].Value);
    }

    private static string Body(string p) => p[(p.IndexOf("$", StringComparison.Ordinal))..][(p[p.IndexOf("$", StringComparison.Ordinal)..].IndexOf(" = ", StringComparison.Ordinal) + 3)..];

    [Fact]
    public void PanicFrameShowsTheSysrqKeyAndPResolvesItsNames()
    {
        using var kernel = Fixtures.OpenKernel(Dump);
        string bt = CommandRunner.RunOk(kernel, "bt");
        int level = Level(bt, "__handle_sysrq");
        string frame = CommandRunner.RunOk(kernel, $"frame {level}");
        string btLine = bt.Split('\n').First(l => Regex.IsMatch(l, $@"^ ?#{level} "));
        Assert.Equal(btLine, frame.Split('\n')[0]);
        Assert.Matches(@"^    \S+sysrq\.c: \d+$", frame.Split('\n')[1]);
        Assert.Contains("\n    key = 99\n", frame);
        Assert.Equal("$1 = 99\n", CommandRunner.RunOk(kernel, "p key"));
        Assert.Equal("int\n", CommandRunner.RunOk(kernel, "whatis key")); // the frame's int, not struct key
        Assert.Equal("i = <optimized out>\n", CommandRunner.RunOk(kernel, "p i"));
        Assert.Contains("<sysrq_crash_op>", CommandRunner.RunOk(kernel, "p op_p"));
        Assert.Equal(Body(CommandRunner.RunOk(kernel, "p sysrq_crash_op")), Body(CommandRunner.RunOk(kernel, "p *op_p")));
        // frame without a number shows the selected frame again.
        Assert.Equal(frame, CommandRunner.RunOk(kernel, "frame"));
        Assert.Contains("does not exist", CommandRunner.Run(kernel, "frame 999"));
    }

    [Fact]
    public void SleepingNfqueueTaskFramesAgreeWithItsSystemCallRegisters()
    {
        var truth = Fixtures.GroundTruthOf(Dump);
        int nfq = truth.FxLines.Select(l => Regex.Match(l, @"^FX nfq pid=(\d+)")).First(m => m.Success).Groups[1].Value is var s ? int.Parse(s) : 0;
        using var kernel = Fixtures.OpenKernel(Dump);
        CommandRunner.RunOk(kernel, $"set {nfq}");
        string bt = CommandRunner.RunOk(kernel, $"bt {nfq}");
        ulong rdx = Convert.ToUInt64(Regex.Match(bt, @"RDX: ([0-9a-f]{16})").Groups[1].Value, 16);
        ulong rsi = Convert.ToUInt64(Regex.Match(bt, @"RSI: ([0-9a-f]{16})").Groups[1].Value, 16);

        CommandRunner.RunOk(kernel, $"frame {Level(bt, "netlink_recvmsg")}");
        Assert.Equal($"{rdx}\n", Body(CommandRunner.RunOk(kernel, "p len")));
        Assert.Equal("12\n", Body(CommandRunner.RunOk(kernel, "p sk->sk_protocol")));
        Assert.Equal(Body(CommandRunner.RunOk(kernel, "p sk")), Body(CommandRunner.RunOk(kernel, "p sock->sk")));

        CommandRunner.RunOk(kernel, $"frame {Level(bt, "__sys_recvfrom")}");
        Assert.Equal($"{rdx}\n", Body(CommandRunner.RunOk(kernel, "p iov.iov_len")));
        Assert.Equal($"(void *) 0x{rsi:x}\n", Body(CommandRunner.RunOk(kernel, "p iov.iov_base")));

        // Choosing another task forgets the frame: its locals are no longer names.
        CommandRunner.RunOk(kernel, "set -p");
        Assert.Contains("gdb request failed: p iov", CommandRunner.Run(kernel, "p iov"));
    }
}
