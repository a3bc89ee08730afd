using System.Globalization;
using System.Text.RegularExpressions;
using Crashdive.Helpers.Net;
using Crashdive.Helpers.Stack;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;
using Crashdive.Tests.Commands;

namespace Crashdive.Tests.Net;

/// <summary>
/// <c>skb -t/-T</c>: sk_buffs referenced from task stacks. What the scan finds is checked against crash 8.0.2
/// (the stack slot holds the pointer: <c>rd</c>; the object is allocated in an sk_buff cache: <c>kmem -s</c>;
/// the frame a slot belongs to: <c>bt -f</c>) and against the guest's ground truth (the packets carry the
/// workload's payloads).
/// </summary>
public sealed partial class StackSkbTests(NetKernels kernels) : IClassFixture<NetKernels>
{
    public static TheoryData<string> Dumps => NetKernels.Dumps;

    private static ulong Hex(string s) => ulong.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    // "  stale (IRQ, below the deepest frame) [ffffd134000d0900]: ffff8df9effaa600  len 12 ..."
    [GeneratedRegex(@"^  (#\d+ +\S+ \(\w+\)|stale \([\w ]+, below the deepest frame\)) \[([0-9a-f]{16})\]: ([0-9a-f]{16})  len .* payload \d+ ""(.*)""$", RegexOptions.Multiline)]
    private static partial Regex HitLine();

    private static IReadOnlyList<string> WorkloadPayloads(Fixtures.Truth truth) =>
        truth.FxLines.Select(l => Regex.Match(l, @"(?:payload|sent)=(\S+)")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

    // "  stale (IRQ, below the deepest frame) [ffffd134000d0a70]: ffff8c428137ae00 rejected: a free object of ..."
    [GeneratedRegex(@"^  (#\d+ +\S+ \(\w+\)|stale \([\w ]+, below the deepest frame\)) \[([0-9a-f]{16})\]: ([0-9a-f]{16}) rejected: (.*)$", RegexOptions.Multiline)]
    private static partial Regex RejectedLine();

    [Theory]
    [MemberData(nameof(Dumps))]
    public void EveryTaskScanFindsOnlyTheWorkloadsPackets(string dump)
    {
        var kernel = kernels.Get(dump);
        string output = CommandRunner.RunOk(kernel, "skb -T -c");
        var hits = HitLine().Matches(output).ToList();
        var rejected = RejectedLine().Matches(output).ToList();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // every line is a task header, a hit, a rejected candidate or a task's "none": nothing else
        Assert.All(lines, l => Assert.True(l.StartsWith("PID: ", StringComparison.Ordinal) || HitLine().IsMatch(l) || RejectedLine().IsMatch(l)
            || l == "  no sk_buff pointers on the stack", l));
        // the stacks hold stale copies of the pointers the network code passed around: which tasks hold
        // them differs from boot to boot, but there are always some, and a live one is a workload packet
        Assert.NotEmpty(hits.Concat(rejected));
        var payloads = WorkloadPayloads(NetKernels.TruthOf(dump));
        Assert.All(hits, h => Assert.Contains(h.Groups[4].Value, payloads));
        Assert.All(rejected, r => Assert.Matches("^(a free object of skbuff_(head|fclone)_cache .*|points \\d+ bytes into .*|0x[0-9a-f]+ is not a valid sk_buff: .*)$", r.Groups[4].Value));
        // without -c the rejected ones are only counted
        string plain = CommandRunner.RunOk(kernel, "skb -T");
        Assert.Equal(hits.Select(h => h.Value), HitLine().Matches(plain).Select(h => h.Value));
        Assert.Empty(RejectedLine().Matches(plain));
    }

    [Fact]
    public void CandidatesAreWhatCrashFindsInTheSlotsAndTheSlabs()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        var kernel = kernels.Get(dump);
        string output = CommandRunner.RunOk(kernel, "skb -T -c");
        var hits = HitLine().Matches(output).Select(m => (Slot: m.Groups[2].Value, Skb: m.Groups[3].Value, Free: false))
            .Concat(RejectedLine().Matches(output).Where(m => m.Groups[4].Value.StartsWith("a free object", StringComparison.Ordinal))
                .Select(m => (Slot: m.Groups[2].Value, Skb: m.Groups[3].Value, Free: true))).ToList();
        Assert.NotEmpty(hits);
        var skbs = hits.Select(h => (h.Skb, h.Free)).Distinct().ToList();
        var commands = hits.Select(h => $"rd {h.Slot}").Concat(skbs.Select(s => $"kmem -s {s.Skb}")).ToList();
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), commands);
        for (int i = 0; i < hits.Count; i++)
            Assert.StartsWith($"{hits[i].Slot}:  {hits[i].Skb} ", crash[i], StringComparison.Ordinal);
        ulong skbSize = kernel.Type("struct sk_buff").Size!.Value;
        for (int i = 0; i < skbs.Count; i++)
        {
            string k = crash[hits.Count + i];
            var cache = Regex.Match(k, @"\n[0-9a-f]{16} +(\d+) .* (skbuff_head_cache|skbuff_fclone_cache)\n");
            Assert.True(cache.Success, k);
            // crash brackets allocated objects; a free one stands alone
            var obj = Regex.Match(k, @"\n  (\[([0-9a-f]+)\]| ([0-9a-f]+)  ?)");
            Assert.True(obj.Success, k);
            Assert.Equal(skbs[i].Free, obj.Groups[3].Success);
            ulong start = Hex(skbs[i].Free ? obj.Groups[3].Value : obj.Groups[2].Value);
            ulong skb = Hex(skbs[i].Skb);
            // the sk_buff is the object, or an fclone's second sk_buff
            Assert.True(skb == start || (cache.Groups[2].Value == "skbuff_fclone_cache" && skb == start + skbSize), $"{skbs[i]} in {k}");
        }
    }

    [Fact]
    public void FreeObjectsAndInteriorPointersAreNotSkbs()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        var kernel = kernels.Get(dump);
        // crash lists every object of the cache, free ones without brackets
        string listing = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), ["kmem -S skbuff_head_cache"])[0];
        var free = Regex.Matches(listing, @"\n   ([0-9a-f]{16})  ").Select(m => Hex(m.Groups[1].Value)).ToList();
        var allocated = Regex.Matches(listing, @"\n  \[([0-9a-f]{16})\]").Select(m => Hex(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(free);
        Assert.NotEmpty(allocated);
        foreach (ulong f in free)
        {
            var (o, problem) = StackSkbs.Classify(kernel, f);
            Assert.Equal("skbuff_head_cache", o?.CacheName);
            Assert.Equal("a free object of skbuff_head_cache (on the slab's free list)", problem);
        }
        foreach (ulong a in allocated)
        {
            var (o, problem) = StackSkbs.Classify(kernel, a);
            Assert.Equal(a, o?.Address);
            Assert.True(problem == null || problem.Contains("is not a valid sk_buff", StringComparison.Ordinal), problem);
            var (inner, why) = StackSkbs.Classify(kernel, a + 8);
            Assert.Equal(a, inner?.Address);
            Assert.Equal($"points 8 bytes into a skbuff_head_cache object at 0x{a:x}, not at an sk_buff", why);
        }
        // a task_struct is a slab object of another cache: not a candidate at all
        ulong task = Tasks.FindByPid(kernel, 1)!.Value.Address;
        Assert.Null(StackSkbs.Classify(kernel, task).Object);
    }

    [Fact]
    public void SlotsBelongToTheFramesCrashPrintsThemUnder()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        var kernel = kernels.Get(dump);
        string bt = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), ["bt -f 1"])[0];
        KObject task = Tasks.FindByPid(kernel, 1)!.Value;
        var frames = TaskBacktrace.Of(kernel, task).Frames;
        var crashSlots = Regex.Matches(bt, @"\n ?#(\d+) \[([0-9a-f]{16})\]").Select(m => Hex(m.Groups[2].Value)).ToList();
        // crash 8.0.2 adds frames from stale return addresses past do_syscall_64 (see the bt tests); the
        // frames both agree on are compared, and the words of all but the last of them
        int common = 0;
        while (common < crashSlots.Count && common < frames.Count && crashSlots[common] == frames[common].Slot)
            common++;
        Assert.True(common >= 6, $"only {common} frames in common with crash");
        StackRegion stack = KernelStacks.Process(kernel, task);
        int frame = -1, checkedWords = 0;
        foreach (string line in bt.Split('\n'))
        {
            var header = Regex.Match(line, @"^ ?#(\d+) \[");
            if (header.Success)
            {
                frame = int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture);
                continue;
            }
            var words = Regex.Match(line, @"^    ([0-9a-f]{16}): ((?:[0-9a-f]{16} ?)+)$");
            if (!words.Success || frame >= common - 1 || !stack.Contains(Hex(words.Groups[1].Value)))
                continue;
            int n = words.Groups[2].Value.Trim().Split(' ').Length;
            for (int k = 0; k < n; k++)
            {
                ulong slot = Hex(words.Groups[1].Value) + 8UL * (ulong)k;
                Assert.True(frame == StackSkbs.FrameOf(frames, stack, slot), $"slot {slot:x}: crash #{frame}, ours #{StackSkbs.FrameOf(frames, stack, slot)}");
                checkedWords++;
            }
        }
        Assert.True(checkedWords > 50, $"only {checkedWords} words compared");
        Assert.Equal(-1, StackSkbs.FrameOf(frames, stack, frames[0].Slot - 8));
    }

    [Fact]
    public void NamedTasksAgreeWithTheAllTasksScan()
    {
        var kernel = kernels.Get("kdump/vmcore.kdump-zlib");
        var truth = NetKernels.TruthOf("kdump/vmcore.kdump-zlib");
        string all = CommandRunner.RunOk(kernel, "skb -T -c");
        var blocks = all.Split("\n\n");
        var table = TaskTable.Of(kernel);
        // a task -T lists prints the same block alone; a workload task it does not list has nothing
        foreach (string block in blocks)
        {
            string task = Regex.Match(block, "TASK: ([0-9a-f]+)").Groups[1].Value;
            Assert.Equal(block.TrimEnd('\n') + "\n", CommandRunner.RunOk(kernel, $"skb -t -c {task}"));
        }
        var pids = truth.FxLines.Select(l => Regex.Match(l, @" pid=(\d+)")).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(pids.Count >= 6, string.Join(",", pids));
        foreach (string pid in pids)
        {
            var entry = table.ByPid(int.Parse(pid, CultureInfo.InvariantCulture)).Single();
            if (all.Contains(global::Crashdive.Commands.Tasks.TaskDisplay.Header(entry), StringComparison.Ordinal))
                continue;
            Assert.Equal(global::Crashdive.Commands.Tasks.TaskDisplay.Header(entry) + "  no sk_buff pointers on the stack\n", CommandRunner.RunOk(kernel, $"skb -t -c {pid}"));
        }
        Assert.Equal("skb: invalid task or pid value: 99999\n", CommandRunner.Run(kernel, "skb -t 99999"));
        Assert.StartsWith("skb: -t and -T are mutually exclusive\n", CommandRunner.Run(kernel, "skb -t -T"), StringComparison.Ordinal);
        Assert.StartsWith("skb: -T takes no argument: 1\n", CommandRunner.Run(kernel, "skb -T 1"), StringComparison.Ordinal);
    }

    [Fact]
    public void StackPacketsAreWrittenForTshark()
    {
        var kernel = kernels.Get("kdump/vmcore.kdump-zlib");
        using var dir = new Symbols.TempDirectory();
        string path = Path.Combine(dir.Path, "stacks.pcapng");
        string output = CommandRunner.RunOk(kernel, $"skb -T -w {path}");
        var printed = HitLine().Matches(output).GroupBy(m => m.Groups[3].Value).Select(g => g.First().Groups[4].Value).ToList();
        Assert.EndsWith($"{printed.Count} packet{(printed.Count == 1 ? "" : "s")} written to {path} (pcapng)\n", output, StringComparison.Ordinal);
        if (Tshark.Find() is not string tshark)
            return;
        var rows = Tshark.Fields(tshark, path, "frame.comment", "udp.payload", "tcp.payload");
        Assert.Equal(printed.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Contains("referenced from the ", rows[i][0], StringComparison.Ordinal);
            Assert.Equal(Tshark.Hex(printed[i]), rows[i][1] + rows[i][2]);
        }
    }
}
