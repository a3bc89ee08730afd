namespace Crashdive.Tests.Commands.Symbols;

/// <summary>
/// <c>sym -l</c> and <c>sym</c>'s source lines against crash 8.0.2, run live on the kdump case.
/// </summary>
public sealed class SymListDifferentialTests
{
    private const string Dump = "kdump/vmcore.kdump-zlib";

    private static readonly string[] Commands =
    [
        "sym -l",
        "sym schedule",
        "sym -n schedule",
        "sym -p schedule",
        "sym schedule_timeout",
        "sym jiffies",
        "sym -m nfnetlink_queue",
        "sym -m virtio_ring",
    ];

    [Fact]
    public void MatchesCrash()
    {
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(Dump), Commands);
        using var kernel = Fixtures.OpenKernel(Dump);
        string ours = CommandRunner.RunOk(kernel, "sym -l");
        var theirLines = crash[0].Split('\n');
        var ourLines = ours.Split('\n');
        int theirModules = Array.FindIndex(theirLines, l => l.Contains(" MODULE START: ", StringComparison.Ordinal));
        int ourModules = Array.FindIndex(ourLines, l => l.Contains(" MODULE START: ", StringComparison.Ordinal));
        Assert.True(theirModules > 100_000, "crash listed the vmlinux symbols first");
        // the vmlinux part (per-cpu symbols, then everything from _text on, KASLR-relocated) is byte-identical
        Assert.Equal(string.Join('\n', theirLines[..theirModules]), string.Join('\n', ourLines[..ourModules]));
        // and so is each module between its MODULE START / MODULE END lines: crash's names (".isra."/".part." cut
        // off), its letters from st_info ('?' for data), and its order of symbols sharing an address
        Assert.Equal(string.Join('\n', theirLines[theirModules..]), string.Join('\n', ourLines[ourModules..]));
        // text symbols end with crash's "file: line"
        for (int i = 1; i < Commands.Length; i++)
            Assert.Equal(crash[i], CommandRunner.RunOk(kernel, Commands[i]));
    }
}
