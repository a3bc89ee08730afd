using System.Globalization;
using System.Text.RegularExpressions;
using Crashdive.Helpers.Mm;
using Crashdive.Helpers.Tasks;

namespace Crashdive.Tests.Commands;

/// <summary>
/// RSS and VSZ of every guest process, as <c>ps</c> shows them, against the guest's own /proc/PID/status (its
/// ground truth). crash 8.0.2 left shared-memory pages (MM_SHMEMPAGES) out of RSS — init's RSS was 60k where the
/// kernel counted 1724k — and crashdive copied it; crash 9.0.2 and drgn 0.3.0 count them, as the kernel does.
/// </summary>
public sealed partial class RssGroundTruthTests
{
    public static TheoryData<string, string> Dumps() => new()
    {
        { "6.1", "kdump/vmcore.kdump-zlib" },
        { "6.1", "qemu/vmcore.elf" },
        { "6.12", "kdump/vmcore.elf" },
        { "6.12", "qemu/vmcore.elf" },
    };

    [Theory]
    [MemberData(nameof(Dumps))]
    public void PsRssAndVszEqualProcStatus(string release, string dump)
    {
        var (kernel, truth) = release == "6.12"
            ? (Fixture612.OpenKernel(dump), Fixture612.GroundTruth(dump[..dump.IndexOf('/')]))
            : (Fixtures.OpenKernel(dump), Fixtures.GroundTruthOf(dump));
        using var _ = kernel;
        var rows = new Dictionary<int, (long Vsz, long Rss)>();
        foreach (string line in CommandRunner.RunOk(kernel, "ps").Split('\n'))
        {
            var m = PsRow().Match(line);
            if (m.Success)
                rows[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)] =
                    (long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        }
        int compared = 0, withShmem = 0;
        var wrong = new List<string>();
        foreach (var status in truth.ProcStatuses().Values)
        {
            if (status["VmRSS"] is not long vmRss || status["VmSize"] is not long vmSize)
                continue; // a kernel thread
            // the processes that printed the ground truth (a shell's children) are gone by the panic
            if (!rows.TryGetValue(status.Pid, out var row))
                continue;
            compared++;
            if (status["RssShmem"] > 0)
                withShmem++;
            // /proc reads the mm's counters alone; ps adds the threads' unfolded caches (6.1) or the per-CPU
            // deltas (6.12): the difference is exactly those, which the kernel had not counted in yet
            var task = TaskTable.Of(kernel).ByPid(status.Pid).First();
            long pending = (long)MmRss.Of(kernel).Pages(task.Mm) * 4 - MmCountersOnly(kernel, task.Mm) * 4;
            // init (the shell printing the ground truth) went on running commands after its status line: its
            // RSS may have moved by a few pages before the panic
            long slack = status.Pid == 1 ? 16 : 0;
            if (Math.Abs(row.Rss - pending - vmRss) > slack || row.Vsz != vmSize)
                wrong.Add($"{status.Pid} {status.Comm}: ps VSZ {row.Vsz} RSS {row.Rss} (pending {pending}), /proc VmSize {vmSize} VmRSS {vmRss}");
        }
        Assert.True(compared >= 10, $"only {compared} processes compared");
        Assert.True(withShmem >= 1, "no process with shared memory: the case the fix is about is not covered");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    // file + anon + shmem as the mm's own counters hold them (percpu_counter's count without its per-CPU deltas)
    private static long MmCountersOnly(Crashdive.Kernel.KernelProgram kernel, ulong mm)
    {
        var stat = MmCounters.MmStruct(kernel, mm).Member("rss_stat");
        long sum = 0;
        foreach (int i in new[] { MmCounters.FilePages, MmCounters.AnonPages, MmCounters.ShmemPages })
        {
            long v = stat.HasMember("count") ? stat.Member("count").Index(i).Member("counter").ToInt64() : stat.Index(i).Member("count").ToInt64();
            sum += Math.Max(0, v);
        }
        return sum;
    }

    // "   PID    PPID  CPU       TASK        ST  %MEM      VSZ      RSS  COMM"
    [GeneratedRegex(@"^[> ]\s*(\d+)\s+\d+\s+\d+\s+[0-9a-f]+\s+[A-Z]{2}\s+[\d.]+\s+(\d+)\s+(\d+)\s+")]
    private static partial Regex PsRow();
}
