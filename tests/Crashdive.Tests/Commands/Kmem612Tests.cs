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
        // The pages found on the free lists exceed the zones' NR_FREE_PAGES by exactly the per-cpu counter deltas the
        // kernel had not folded in yet (per_cpu_zonestats[cpu].vm_stat_diff[NR_FREE_PAGES]): the walk counts them all.
        var found = System.Text.RegularExpressions.Regex.Match(free, @"\nnr_free_pages: (\d+)  \(found (\d+)\)");
        long deltas = 0;
        var zones = k.Variable("node_data").Index(0).Deref().Member("node_zones");
        int cpus = Crashdive.Helpers.Percpu.Percpu.Of(k).CpuCount;
        for (int z = 0; z < (int)((Crashdive.Symbols.Types.ArrayType)zones.UnderlyingType).Length!.Value; z++)
        {
            var pcz = zones.Index(z).Member("per_cpu_zonestats");
            ulong diffOffset = k.Type("struct per_cpu_zonestat").Underlying() is Crashdive.Symbols.Types.StructType st && st.FindMember("vm_stat_diff") is { } mm ? mm.Offset : 0;
            for (int c = 0; c < cpus; c++)
                deltas += k.Memory.Read<sbyte>(pcz.ToUInt64() + k.PerCpuOffset(c) + diffOffset);
        }
        if (found.Success)
            Assert.Equal(long.Parse(found.Groups[2].Value), long.Parse(found.Groups[1].Value) + deltas);
        else
            Assert.Equal(0, deltas);
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
