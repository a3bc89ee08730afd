namespace Crashdive.Tests.Commands;

/// <summary>
/// ipcs's options and arguments against crash 8.0.2. The fixture guests created no System V IPC objects
/// (the kernel's in_use counts are 0, checked here), so this is the "none allocated" and "invalid id" output,
/// the namespace of a task (-n) and bad values; both fixture cases.
/// </summary>
public sealed class IpcsDifferentialTests
{
    private static readonly string[] Commands =
    [
        "ipcs", "ipcs -m", "ipcs -s", "ipcs -q", "ipcs -M", "ipcs -s -q", "ipcs 0", "ipcs -m 0 0x10", "ipcs -n 1 -q",
        "ipcs -n 99999", "ipcs zz", "ipcs -M -n 0 ffff",
    ];

    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("qemu/vmcore.elf")]
    public void MatchesCrash(string dumpRel)
    {
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dumpRel), Commands);
        using var k = Fixtures.OpenKernel(dumpRel);
        var ns = k.Variable("init_ipc_ns");
        for (int i = 0; i < 3; i++)
            Assert.Equal(0, ns.Member("ids").Index(i).Member("in_use").ToInt64());
        var failures = new List<string>();
        for (int i = 0; i < Commands.Length; i++)
        {
            string ours = CommandRunner.Run(k, Commands[i]);
            if (ours != crash[i])
                failures.Add($"`{Commands[i]}`\n--- crash\n{crash[i]}--- crashdive\n{ours}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
