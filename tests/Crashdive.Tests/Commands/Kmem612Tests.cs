using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols;

namespace Crashdive.Tests.Commands;

/// <summary>
/// kmem's free lists, memory blocks and hstates on the 6.12 fixture (crash 8.0.2 cannot open it):
/// checked against the guest's /proc/meminfo from its ground truth.
/// </summary>
public sealed class Kmem612Tests
{
    private static string Root612() => Fixtures.Path612(".");

    [Fact]
    public void FreeListsMemoryBlocksAndHstatesAgreeWithTheGuest()
    {
        using var k = new KernelProgram(DumpOpener.Open(Path.Combine(Root612(), "qemu/vmcore.elf")), SymbolFile.Open(Path.Combine(Root612(), "kernel/vmlinux")));
        var truth = Fixtures.Truth.Parse(File.ReadAllLines(Path.Combine(Root612(), "qemu/ground-truth.txt")), "6.12 qemu/ground-truth.txt");
        var meminfo = new Dictionary<string, long>();
        foreach (string line in truth.Section("/proc/meminfo"))
        {
            var parts = line.Split(':', 2);
            if (parts.Length == 2 && long.TryParse(parts[1].Trim().Split(' ')[0], out long v))
                meminfo[parts[0].Trim()] = v;
        }
        Assert.True(meminfo.ContainsKey("MemFree"), "no MemFree in the guest's meminfo");
        // kmem -f sums NR_FREE_PAGES of every zone: /proc/meminfo's MemFree, a moment apart (a few pages).
        string free = CommandRunner.RunOk(k, "kmem -f");
        var m = System.Text.RegularExpressions.Regex.Match(free, @"\nnr_free_pages: (\d+)  ");
        Assert.True(m.Success, free);
        Assert.InRange(long.Parse(m.Groups[1].Value) * 4, meminfo["MemFree"] - 2048, meminfo["MemFree"] + 2048);
        // kmem -n: memory blocks cover MemTotal and the booted guest has them all online (enum state on 6.12).
        string nodes = CommandRunner.RunOk(k, "kmem -n");
        var blocks = nodes.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^ [0-9a-f]{16}\s+memory\d+ ")).ToList();
        Assert.NotEmpty(blocks);
        Assert.All(blocks, b => Assert.Contains(" ONLINE ", b));
        Assert.True((long)blocks.Count * 128 * 1024 >= meminfo["MemTotal"], nodes);
        // kmem -h: the 2 MB hstate, named as the kernel names it in sysfs; its counts when the guest printed them.
        string hstates = CommandRunner.RunOk(k, "kmem -h");
        var h = hstates.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("2MB", h[1]);
        Assert.Equal("hugepages-2048kB", h[4]);
        if (meminfo.TryGetValue("HugePages_Total", out long total))
            Assert.Equal(total, long.Parse(h[3]));
    }
}
