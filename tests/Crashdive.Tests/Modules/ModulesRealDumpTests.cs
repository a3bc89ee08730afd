using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Modules;
using Crashdive.Helpers.Tasks;
using Crashdive.Helpers.Trees;
using Crashdive.Kernel;
using Crashdive.Tests.Commands;

namespace Crashdive.Tests.Modules;

/// <summary>Modules, module debuginfo, lists and trees on the real fixture dumps, against the guest's ground truth.</summary>
public sealed class ModulesRealDumpTests
{

    public static TheoryData<string> Dumps => new() { "kdump/vmcore.kdump-zlib", "qemu/vmcore.elf" };

    [Theory]
    [MemberData(nameof(Dumps))]
    public void ModuleListEqualsLsmod(string dump)
    {
        using KernelProgram k = Fixtures.OpenKernel(dump);
        var truth = Fixtures.GroundTruthOf(dump);
        var mods = Helpers.Modules.Modules.List(k);
        // lsmod prints the list in kernel list order, newest first, as the walk does
        Assert.Equal(truth.Modules, mods.Select(m => m.Name).ToArray());
        foreach (string line in truth.Section("lsmod").Skip(1))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(ulong.Parse(f[1]), mods.Single(m => m.Name == f[0]).Size);
        }
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void ModuleDebugInfoResolvesVariablesAndTypesAtLoadAddresses(string dump)
    {
        using KernelProgram k = Fixtures.OpenKernel(dump);
        Assert.Null(k.FindVariable("nfnl_queue_net_id"));
        // module symbols resolve from memory alone
        ModuleSymbol fromMemory = k.ModuleSymbols.Find("nfnl_queue_net_id") ?? throw new Xunit.Sdk.XunitException("no module symbol");
        Assert.Equal("nfnetlink_queue", fromMemory.Module);
        Assert.Equal(("nfnl_queue_net_id", 4UL), k.ResolveAddress(fromMemory.Address + 4));
        string output = CommandRunner.RunOk(k, "mod -s nfnetlink_queue");
        Assert.Contains("nfnetlink_queue.ko", output);
        KObject id = k.FindVariable("nfnl_queue_net_id") ?? throw new Xunit.Sdk.XunitException("nfnl_queue_net_id unresolved after mod -s");
        Assert.Equal(fromMemory.Address, id.Address);
        Assert.Equal("unsigned int", id.Type.ToString());
        Assert.NotNull(k.FindType("struct nfqnl_instance"));
        // the net generic slot holding the queue's per-net data is a small index
        Assert.InRange(id.ToUInt64(), 1UL, 64UL);
        CommandRunner.RunOk(k, "mod -d nfnetlink_queue");
        Assert.Null(k.FindVariable("nfnl_queue_net_id"));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void ListOverInitTaskFindsExactlyTheGuestsProcesses(string dump)
    {
        using KernelProgram k = Fixtures.OpenKernel(dump);
        var truth = Fixtures.GroundTruthOf(dump);
        string output = CommandRunner.RunOk(k, "list -o task_struct.tasks -h init_task -S task_struct.pid");
        var pids = output.Split('\n').Where(l => l.StartsWith("  pid = ")).Select(l => int.Parse(l[8..])).ToList();
        Assert.Equal(0, pids[0]);
        var expected = truth.Processes.Select(p => p.Pid).ToHashSet();
        var seen = pids.Skip(1).ToHashSet();
        Assert.Empty(expected.Except(seen));
        // the guest listed its processes moments before the panic; the panicking shell may have forked since
        Assert.InRange(seen.Count - expected.Count, 0, 2);
        Assert.Equal(pids.Count, pids.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void MapleTreeOfAnMmHoldsMapCountVmasInOrder(string dump)
    {
        using KernelProgram k = Fixtures.OpenKernel(dump);
        KObject init = Tasks.FindByPid(k, 1) ?? throw new Xunit.Sdk.XunitException("no pid 1");
        KObject mm = init.Member("mm").Deref();
        string output = CommandRunner.RunOk(k, $"tree -t maple -r mm_struct.mm_mt {mm.Address:x} -S vm_area_struct.vm_start");
        var starts = output.Split('\n').Where(l => l.StartsWith("  vm_start = ")).Select(l => ulong.Parse(l[13..])).ToList();
        Assert.Equal((int)mm.Member("map_count").ToInt64(), starts.Count);
        Assert.Equal(starts.OrderBy(x => x), starts);
        var entries = MapleTree.Walk(k, MapleTree.Root(k, mm.Member("mm_mt").Address)).ToList();
        Assert.Equal(starts.Count, entries.Count);
        // each entry's first index is the VMA's start
        for (int i = 0; i < entries.Count; i++)
            Assert.Equal(starts[i], entries[i].Index);
    }

    [Fact]
    public void ChainFromAWrongHeadEndsAtItsFirstEntryInsteadOfLooping()
    {
        using KernelProgram k = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        // Start at the address of init_task.tasks.prev: a "node" off the ring whose next is the last task.
        // The walk circles the task ring without coming back to that start; crash's rule "stop at the
        // first entry after the start" ends it after one turn, each node visited once.
        KObject init = k.Variable("init_task");
        ulong prevField = init.Member("tasks.prev").Address;
        var walked = KernelList.Chain(k, prevField, 0).ToList();
        int ring = KernelList.Nodes(k, init.Member("tasks").Address).Count() + 1; // the tasks plus the head
        Assert.Equal(ring + 1, walked.Count);
        Assert.Equal(walked.Count, walked.Distinct().Count());
        Assert.Equal(prevField, walked[0]);
        Assert.Equal(init.Member("tasks.prev").ToUInt64(), walked[1]);
    }

    [Fact]
    public void NotElfObjectFileIsRefusedInOneLine()
    {
        using KernelProgram k = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        string path = Path.Combine(Path.GetTempPath(), $"crashdive-not-elf-{Environment.ProcessId}.ko");
        File.WriteAllText(path, "not an ELF file\n");
        try
        {
            LoadedModule m = Helpers.Modules.Modules.Find(k, "nfnetlink_queue")!;
            var e = Assert.Throws<ModuleException>(() => ModuleDebugInfo.Load(k, m, path));
            Assert.Equal($"{path}: not an ELF format object file", e.Message);
            // a .ko of another module is refused too
            var other = Assert.Throws<ModuleException>(() => ModuleDebugInfo.Load(k, m, Fixtures.Path("kernel/modules/nfnetlink.ko")));
            Assert.Contains("object file of module nfnetlink, not nfnetlink_queue", other.Message);
            Assert.Empty(k.ModuleDebugFiles);
            Assert.Null(Helpers.Modules.Modules.Find(k, "no_such_module"));
            Assert.Equal("nfnetlink_queue", Helpers.Modules.Modules.Find(k, "nfnetlink-queue")!.Name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Kernel612ModulesSectionsAndDebugInfo()
    {
        string dir = Fixtures.Path612(".");
        using var k = new KernelProgram(Crashdive.Dumps.DumpOpener.Open(Path.Combine(dir, "kdump/vmcore.elf")),
            Crashdive.Symbols.SymbolFile.Open(Path.Combine(dir, "kernel/vmlinux")));
        var truth = Fixtures.Truth.Parse(File.ReadAllLines(Path.Combine(dir, "kdump/ground-truth.txt")), "6.12");
        var mods = Helpers.Modules.Modules.List(k);
        Assert.Equal(truth.Modules, mods.Select(m => m.Name).ToArray());
        foreach (string line in truth.Section("lsmod").Skip(1))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(ulong.Parse(f[1]), mods.Single(m => m.Name == f[0]).Size);
        }
        LoadedModule q = mods.Single(m => m.Name == "nfnetlink_queue");
        var sections = Helpers.Modules.Modules.SectionAddresses(q);
        Assert.Equal(q.Base, sections[".text"]);
        ModuleSymbol sym = k.ModuleSymbols.Find("nfnl_queue_net_id") ?? throw new Xunit.Sdk.XunitException("no module symbol on 6.12");
        ModuleDebugInfo.Load(k, q, Path.Combine(dir, "kernel/modules/nfnetlink_queue.ko"));
        Assert.Equal(sym.Address, k.FindVariable("nfnl_queue_net_id")!.Value.Address);
    }
}
