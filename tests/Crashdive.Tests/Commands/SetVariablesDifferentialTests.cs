using Crashdive.Commands;
using Crashdive.Commands.Printing;

namespace Crashdive.Tests.Commands;

/// <summary>
/// <c>set</c>'s internal variables and <c>-v</c>, <c>-a</c>, against crash 9.0.2 in one session each, so
/// that a setting carries on to the next command as in crash: the output radix and print_max and
/// null-stop must change what <c>p</c>, <c>struct</c> and <c>task</c> print exactly as they change crash's
/// gdb 16 (which cuts a string at exactly print_max characters: <c>"swap"...</c> for 4).
/// </summary>
public sealed class SetVariablesDifferentialTests
{
    /// <summary>Run in this order in one session by both tools; everything is compared byte for byte.</summary>
    private static readonly string[] Session =
    [
        "set silent on", // crash -s runs silent; `set -v` shows it
        "set radix", "set radix 8", "set hex", "p init_task.comm", "p init_task.se.load", "p jiffies", "struct -o list_head",
        "task -R prio 1", "struct list_head.next init_task.tasks", "set radix dec", "p jiffies", "set radix 16", "set dec",
        "set print_max 4", "p init_task.comm", "set print_max 5", "p init_task.comm", "set print_max 7", "p init_uts_ns.name.sysname",
        "set print_max ff", "set print_max", "set print_max zz",
        "set print_max 256", "set null-stop on", "p init_task.comm", "set null-stop 0", "p init_task.comm",
        "set core", "set core 1", "set core off", "set hash", "set hash 0", "set debug", "set debug 3", "set debug 0",
        "set refresh", "set zero_excluded", "set print_array", "set scope", "set edit emacs", "set vi", "set emacs",
        "set console", "set gdb", "set unwind", "set redzone", "set redzone off", "set error", "set namelist",
        "set offline hide", "set offline maybe", "set dumpfile", "set bogus", "set 1 0", "set -a 1", "set -a 99999",
        "set -v",
    ];

    [Fact]
    public void MatchesCrashInOneSession()
    {
        const string dumpRel = "kdump/vmcore.kdump-zlib";
        string vmlinux = Fixtures.Path("kernel/vmlinux"), dump = Fixtures.Path(dumpRel);
        var crash = CrashReference.Run(vmlinux, dump, Session);
        using var k = Fixtures.OpenKernel(dumpRel);
        // crash prints the paths it was given (set namelist, set dumpfile); so do we
        Assert.Equal(vmlinux, SessionSettings.Of(k).Namelist);
        Assert.Equal(dump, SessionSettings.Of(k).Dumpfile);
        var failures = new List<string>();
        for (int i = 0; i < Session.Length; i++)
        {
            string ours = CommandRunner.Run(k, Session[i]);
            if (ours != crash[i])
                failures.Add($"`{Session[i]}`\n--- crash\n{crash[i]}--- crashdive\n{ours}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void RadixReachesEveryGdbPrinter()
    {
        using var k = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        string dec = CommandRunner.RunOk(k, "p init_task.pid");
        CommandRunner.RunOk(k, "set radix 16");
        Assert.Equal(16, SessionSettings.Of(k).Format().Radix);
        Assert.Equal(16, SessionSettings.Of(k).Format(0).Radix);
        Assert.Equal(10, SessionSettings.Of(k).Format(10).Radix); // -d still wins
        string hex = CommandRunner.RunOk(k, "p init_task.pid");
        Assert.NotEqual(dec, hex);
        Assert.Contains("= 0x0", hex);
        Assert.Equal(dec, CommandRunner.RunOk(k, "p -d init_task.pid").Replace("$3", "$1"));
    }

    [Fact]
    public void NullStopEndsCharArraysAtTheFirstNul()
    {
        using var k = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        var comm = k.Variable("init_task").Member("comm");
        string full = ValueFormatter.FormatTopLevel(comm, new FormatOptions());
        string stopped = ValueFormatter.FormatTopLevel(comm, new FormatOptions(NullStop: true));
        Assert.Contains("\\000", full);
        Assert.Equal("\"" + System.Text.Encoding.ASCII.GetString(comm.ReadBytes()).TrimEnd('\0').Split('\0')[0] + "\"", stopped);
    }

    [Theory]
    [InlineData("set radix 8", "set: invalid command: set radix 8 \n")]
    [InlineData("set print_max 1x2", "set: invalid command: set print_max 1x2 \n")]
    [InlineData("set scroll sideways", "set: invalid command: set scroll sideways \n")]
    [InlineData("set gdb on", "set: gdb mode is not available: crashdive has no embedded gdb\n")]
    [InlineData("set error /tmp/x", "set: error /tmp/x: only \"default\" and \"redirect\" are supported\n")]
    [InlineData("set -a", "set: option requires an argument -- 'a'\n")]
    public void BadInputIsOneLine(string line, string expected)
    {
        using var k = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        string ours = CommandRunner.Run(k, line);
        Assert.Equal(expected, ours);
    }
}
