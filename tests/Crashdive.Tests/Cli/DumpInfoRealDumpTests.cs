using System.Globalization;
using System.Text.RegularExpressions;
using Crashdive.Cli;

namespace Crashdive.Tests.Cli;

/// <summary>
/// <c>crashdive --dumpinfo</c> on every fixture format, checked against what the guest said about
/// itself before it panicked: its release, one saved register set per CPU, its memory size.
/// </summary>
public sealed partial class DumpInfoRealDumpTests
{
    public static TheoryData<string, string> Dumps => new()
    {
        { "kdump/vmcore.kdump-zlib", "kdump-compressed" },
        { "kdump/vmcore.kdump-lzo", "kdump-compressed" },
        { "kdump/vmcore.flat-zlib", "kdump-compressed (makedumpfile flattened, read in place)" },
        { "kdump/vmcore.elf", "ELF vmcore" },
        { "kdump/vmcore.flat-elf", "ELF vmcore (makedumpfile flattened, read in place)" },
        { "qemu/vmcore.elf", "ELF vmcore" },
        { "qemu/vmcore.paging-elf", "ELF vmcore" },
        { "qemu/vmcore.kdump-zlib", "kdump-compressed (makedumpfile flattened, read in place)" },
        { "qemu/vmcore.kdump-zlib-rearranged", "kdump-compressed" },
    };

    [Theory]
    [MemberData(nameof(Dumps))]
    public void AgreesWithGroundTruth(string dump, string format)
    {
        var truth = Fixtures.GroundTruthOf(dump);
        var r = CliRunner.Run("", "--dumpinfo", Fixtures.Path(dump));
        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.Equal("", r.Err);
        string[] lines = r.Out.Split('\n');
        string Field(string name) => lines.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

        Assert.Equal(format, Field("format"));
        Assert.Equal("4096", Field("page size"));
        Assert.Equal(truth.Release, Field("osrelease"));
        Assert.Contains($"  OSRELEASE={truth.Release}", lines);

        var cpus = CpuLine().Match(Field("cpus"));
        Assert.True(cpus.Success, Field("cpus"));
        Assert.Equal(truth.Cpus, int.Parse(cpus.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(truth.Cpus, lines.Count(l => CpuHeader().IsMatch(l) && l.Contains("(PRSTATUS")));

        // RAM described by the dump: at least what the guest counted as MemTotal (the kernel's
        // own reservations come on top), and not wildly more
        var mem = MemoryLine().Match(Field("memory ranges"));
        Assert.True(mem.Success, Field("memory ranges"));
        ulong bytes = ulong.Parse(mem.Groups[1].Value, CultureInfo.InvariantCulture);
        ulong memTotal = truth.MemTotalKb * 1024;
        Assert.InRange(bytes, memTotal, memTotal + memTotal / 4 + (64UL << 20));

        var pages = PagesLine().Match(Field("pages"));
        Assert.True(pages.Success, Field("pages"));
        Assert.True(ulong.Parse(pages.Groups[1].Value, CultureInfo.InvariantCulture) > 10_000, "too few present pages");
    }

    [GeneratedRegex(@"^(\d+) saved register sets")]
    private static partial Regex CpuLine();

    [GeneratedRegex(@"^  CPU \d+ \(")]
    private static partial Regex CpuHeader();

    [GeneratedRegex(@"^\d+ \((\d+) bytes")]
    private static partial Regex MemoryLine();

    [GeneratedRegex(@"^(\d+) present, (\d+) excluded, (\d+) not in dump")]
    private static partial Regex PagesLine();
}
