using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Tests.Kernel;

/// <summary>Typed kernel objects over the real fixture dumps, checked against the guest's ground truth.</summary>
public sealed class KernelObjectTests
{
    public static TheoryData<string> Dumps => new() { "kdump/vmcore.kdump-zlib", "qemu/vmcore.elf" };

    [Theory]
    [MemberData(nameof(Dumps))]
    public void UtsNameReadsThroughDwarfTypes(string dump)
    {
        using var k = Fixtures.OpenKernel(dump);
        var truth = Fixtures.GroundTruthOf(dump);
        KObject name = k.Variable("init_uts_ns").Member("name");
        Assert.Equal("Linux", name.Member("sysname").ReadString());
        Assert.Equal(truth.Release, name["release"].ReadString());
        Assert.Equal(truth.Machine, name["machine"].ReadString());
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void TaskListHoldsExactlyTheGuestsProcesses(string dump)
    {
        using var k = Fixtures.OpenKernel(dump);
        var truth = Fixtures.GroundTruthOf(dump);
        var seen = new List<(int, int, string)>();
        foreach (KObject p in Tasks.Processes(k))
        {
            if (Tasks.Pid(p) == 0)
                continue;
            int ppid = Tasks.Pid(p.Member("real_parent"));
            string comm = Tasks.Comm(p);
            // /proc shows a kworker's comm with its workqueue appended ("kworker/0:0-rcu_gp").
            var t = truth.Processes.FirstOrDefault(x => x.Pid == Tasks.Pid(p));
            if (t != null && t.Comm.StartsWith("kworker/") && t.Comm.StartsWith(comm + "-"))
                comm = t.Comm;
            seen.Add((Tasks.Pid(p), ppid, comm));
        }
        var expected = truth.Processes.Select(p => (p.Pid, p.Ppid, p.Comm)).OrderBy(x => x.Pid).ToList();
        // The guest listed its processes moments before the panic; the panicking shell may have forked since.
        var missing = expected.Except(seen).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
        Assert.True(seen.Count - expected.Count <= 2, $"{seen.Count} tasks, ground truth has {expected.Count}");
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void PerCpuVariableDiffersPerCpuAndHoldsItsNumber(string dump)
    {
        using var k = Fixtures.OpenKernel(dump);
        KObject cpuNumber = k.Variable("cpu_number");
        Assert.True(cpuNumber.IsPerCpu);
        int cpus = Fixtures.GroundTruthOf(dump).Cpus;
        for (int cpu = 0; cpu < cpus; cpu++)
            Assert.Equal(cpu, cpuNumber.PerCpu(cpu).ToInt64());
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void ContainerOfAndAddressOfRoundTrip(string dump)
    {
        using var k = Fixtures.OpenKernel(dump);
        KObject init = k.Variable("init_task");
        KObject tasks = init.Member("tasks");
        KObject back = tasks.AddressOf().ContainerOf(init.Type, "tasks");
        Assert.Equal(init.Address, back.Address);
        Assert.Equal("swapper/0", Tasks.Comm(back));
        // next->prev of the first process points back at init_task.tasks.
        KObject first = tasks.Member("next").Deref();
        Assert.Equal(tasks.Address, first.Member("prev").ToUInt64());
    }

    [Fact]
    public void MissingMemberAndNonPointerDerefAreOneLineErrors()
    {
        using var k = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        KObject init = k.Variable("init_task");
        Assert.Equal("There is no member named no_such_field.", Assert.Throws<KernelObjectException>(() => init.Member("no_such_field")).Message);
        Assert.Throws<KernelObjectException>(() => init.Member("pid").Deref());
        Assert.Throws<KernelObjectException>(() => k.Variable("no_such_variable_here"));
    }

    [Fact]
    public void CyclicListIsReportedNotLooped()
    {
        using var k = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        // Call init_task.tasks.prev's address the head: its "next" is the last task, whose next is
        // init_task.tasks, so the walk circles the task list without ever returning to that "head".
        ulong node = k.Variable("init_task").Member("tasks.prev").Address;
        var walked = new List<ulong>();
        var e = Assert.Throws<ListWalkException>(() =>
        {
            foreach (ulong n in KernelList.Nodes(k, node))
                walked.Add(n);
        });
        Assert.Contains("loops", e.Reason);
        Assert.InRange(walked.Count, 2, 10_000);
    }
}

/// <summary>The same kernel objects on the newer kernel (6.12), whose layouts differ from 6.1's.</summary>
public sealed class KernelObjectNewerKernelTests
{
    // The QEMU dumps hold every page. makedumpfile 1.7.2 (Debian 12) predates 6.10's page-type
    // changes and drops live slab pages of a 6.12 kernel as if they were free: see the next test.
    [Theory]
    [InlineData("qemu/vmcore.elf")]
    [InlineData("qemu/vmcore.kdump-zlib")]
    public void TaskListAndUtsNameMatchTheGuest(string dump)
    {
        using var k = Fixtures.OpenKernel612(dump);
        var truth = Fixtures.GroundTruth612(dump.Split('/')[0]);
        Assert.Equal(truth.Release, k.Variable("init_uts_ns").Member("name.release").ReadString());
        var pids = Tasks.Processes(k).Select(Tasks.Pid).Where(p => p != 0).ToHashSet();
        var missing = truth.Processes.Where(p => !pids.Contains(p.Pid)).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
        foreach (KObject p in Tasks.Processes(k))
        {
            var t = truth.Processes.FirstOrDefault(x => x.Pid == Tasks.Pid(p));
            if (t != null && !t.Comm.StartsWith("kworker/"))
                Assert.Equal(t.Comm, Tasks.Comm(p));
        }
    }

    [Fact]
    public void ATaskListThroughPagesTheDumpLeftOutStopsNamingThePage()
    {
        using var k = Fixtures.OpenKernel612("kdump/vmcore.kdump-zlib");
        int seen = 0;
        var e = Assert.Throws<Crashdive.Helpers.Lists.ListWalkException>(() =>
        {
            foreach (KObject p in Tasks.Processes(k))
                seen++;
        });
        Assert.StartsWith("cannot read list pointer at 0x", e.Reason);
        Assert.InRange(seen, 2, Fixtures.GroundTruth612("kdump").Processes.Count);
    }

    [Fact]
    public void AVmlinuxOfAnotherKernelIsNamedAsNotMatching()
    {
        using var right = Fixtures.OpenKernel612("kdump/vmcore.kdump-zlib");
        Assert.Null(right.VmlinuxMismatch());
        using var wrong = new KernelProgram(
            Crashdive.Dumps.DumpOpener.Open(Fixtures.Path612("kdump/vmcore.kdump-zlib")),
            Crashdive.Symbols.SymbolFile.Open(Fixtures.Path("kernel/vmlinux")));
        string? why = wrong.VmlinuxMismatch();
        Assert.NotNull(why);
        Assert.Contains("does not match", why);
    }
}

/// <summary>KASLR found without VMCOREINFO, from a CPU's IDT, as crash does for such dumps.</summary>
public sealed class KaslrWithoutVmcoreInfoTests
{
    [Theory]
    [InlineData("qemu/vmcore.elf")]
    [InlineData("qemu/vmcore.kdump-zlib")]
    public void IdtGivesTheSameOffsetAsVmcoreInfo(string dump)
    {
        ulong expected;
        using (var withInfo = Fixtures.OpenKernel(dump))
            expected = withInfo.VmcoreInfo!.KernelOffset!.Value;
        using var k = new KernelProgram(
            new Crashdive.Tests.Support.WithoutVmcoreInfoDump(Crashdive.Dumps.DumpOpener.Open(Fixtures.Path(dump))),
            Crashdive.Symbols.SymbolFile.Open(Fixtures.Path("kernel/vmlinux")));
        Assert.Null(k.VmcoreInfo);
        Assert.NotEqual(0UL, expected); // the fixtures boot with KASLR on
        Assert.Equal(expected, k.KaslrOffset);
        Assert.StartsWith("IDT of CPU", k.KaslrSource);
        Assert.Equal(Fixtures.GroundTruthOf(dump).Release, k.Variable("init_uts_ns").Member("name.release").ReadString());
    }
}
