using Crashdive.Tests.Cli;

namespace Crashdive.Tests.Commands;

/// <summary><c>log</c> on every fixture dump equals crash 8.0.2's <c>log</c> on the same dump, byte for byte.</summary>
public sealed class LogReferenceTests
{
    public static TheoryData<string> Dumps => new()
    {
        "kdump/vmcore.kdump-zlib",
        "kdump/vmcore.kdump-lzo",
        "kdump/vmcore.flat-zlib",
        "kdump/vmcore.elf",
        "kdump/vmcore.flat-elf",
        "qemu/vmcore.elf",
        "qemu/vmcore.paging-elf",
        "qemu/vmcore.kdump-zlib",
    };

    [Theory]
    [MemberData(nameof(Dumps))]
    public void LogEqualsCrash(string dump)
    {
        string expected = Fixtures.CrashReference(dump, "log");
        Assert.StartsWith("[    0.000000] Linux version ", expected);
        var r = CliRunner.Run("log\n", "-s", Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump));
        Assert.Equal("", r.Err);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(expected, r.Out);
    }
}
