using System.Globalization;
using System.Text.RegularExpressions;
using Crashdive.Tests.Commands;

namespace Crashdive.Tests.Scripting;

/// <summary>
/// The typed kernel API for Lua on a real dump, checked against crash 8.0.2 on the same dump
/// (addresses, member values, type sizes and offsets) and the guest's ground truth (tasks, CPUs).
/// </summary>
public sealed partial class TypedApiTests : IClassFixture<TypedApiTests.Shared>
{
    public sealed class Shared : IDisposable
    {
        private static readonly string[] CrashCommands = ["struct net.gen init_net", "struct sk_buff -o", "sym init_net", "rd -64 jiffies_64"];

        public Shared()
        {
            S = new ScriptSession();
            Crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(ScriptSession.Dump), CrashCommands);
        }

        public ScriptSession S { get; }

        /// <summary>crash's output for each of <see cref="CrashCommands"/>.</summary>
        public IReadOnlyList<string> Crash { get; }

        public void Dispose() => S.Dispose();
    }

    private readonly Shared _shared;
    private readonly ScriptSession _s;

    public TypedApiTests(Shared shared)
    {
        _shared = shared;
        _s = shared.S;
    }

    private static ulong Hex(string s) => ulong.Parse(s.StartsWith("0x", StringComparison.Ordinal) ? s[2..] : s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [Fact]
    public void VariableAddressAndPointerMemberMatchCrash()
    {
        // crash: "ffffffffa90099c0 (D) init_net" and "  gen = 0xffff...,"
        ulong initNet = Hex(_shared.Crash[2].Split(' ')[0]);
        ulong gen = Hex(Regex.Match(_shared.Crash[0], @"gen = (0x[0-9a-f]+)").Groups[1].Value);
        string o = _s.Lua("""
            local net = kernel.var("init_net")
            print(string.format("%x", net:address()))
            print(string.format("%x", net.gen:value()))
            print(tostring(net.gen))
            print(string.format("%x", net["gen"]:deref():address()))
            print(kernel.object("struct net", net:address()) == net)
            print(string.format("%x", kernel.address("init_net")))
            """);
        Assert.Equal($"{initNet:x}\n{gen:x}\n0x{gen:x}\n{gen:x}\ntrue\n{initNet:x}\n", o);
    }

    [Fact]
    public void TypeSizeOffsetsAndMembersMatchCrash()
    {
        string crash = _shared.Crash[1];
        int size = int.Parse(Regex.Match(crash, @"SIZE: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        int len = int.Parse(Regex.Match(crash, @"\[(\d+)\] unsigned int len;").Groups[1].Value, CultureInfo.InvariantCulture);
        int data = int.Parse(Regex.Match(crash, @"\[(\d+)\] unsigned char \*data;").Groups[1].Value, CultureInfo.InvariantCulture);
        string o = _s.Lua("""
            local t = kernel.type("struct sk_buff")
            print(t.size, t:offsetof("len"), t:offsetof("data"), kernel.offsetof("struct sk_buff", "len"), kernel.sizeof("struct sk_buff"))
            print(tostring(t), t.name, t.kind)
            local names = {}
            for _, m in ipairs(t.members) do if m.name then names[m.name] = m.offset end end
            print(names.len, names.data)
            print(kernel.type("struct sk_buff *").target == t, kernel.type("struct sk_buff *").kind)
            """);
        Assert.Equal($"{size}\t{len}\t{data}\t{len}\t{size}\nstruct sk_buff\tstruct sk_buff\tstruct\n{len}\t{data}\ntrue\tpointer\n", o);
    }

    [Fact]
    public void MemoryReadsOfEveryWidthAgree()
    {
        // crash: "ffffffffa86079c0:  00000000fffee233   ...": the 64-bit value of jiffies_64
        ulong jiffies = Hex(Regex.Match(_shared.Crash[3], @":\s+([0-9a-f]{16})").Groups[1].Value);
        string o = _s.Lua("""
            local a = kernel.address("jiffies_64")
            local v = kernel.read_u64(a)
            print(string.format("%x", v))
            print(kernel.read_u32(a) == v & 0xffffffff, kernel.read_u16(a) == v & 0xffff, kernel.read_u8(a) == v & 0xff)
            print(string.unpack("<I8", kernel.read(a, 8)) == v, #kernel.read(a, 3))
            print(kernel.var("jiffies_64"):value() == v)
            """);
        Assert.Equal($"{jiffies:x}\ntrue\ttrue\ttrue\ntrue\t3\ntrue\n", o);
    }

    [Fact]
    public void SymbolsBothWays()
    {
        string o = _s.Lua("""
            local a = kernel.address("schedule")
            print(kernel.symbol(a))
            print(kernel.symbol(a + 5))
            print(kernel.symbol(kernel.var("init_task"):address() + 8))
            """);
        Assert.Equal("schedule\t0\nschedule\t5\ninit_task\t8\n", o);
    }

    [Fact]
    public void TasksMatchTheGroundTruth()
    {
        var truth = Fixtures.GroundTruthOf(ScriptSession.Dump);
        string o = _s.Lua("""
            for _, r in ipairs(kernel.ps()) do print(r.pid, r.ppid, r.comm) end
            """);
        var rows = o.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToDictionary(f => int.Parse(f[0], CultureInfo.InvariantCulture));
        // Every workload process the guest listed just before the panic is there, with its parent and name.
        var fx = truth.Processes.Where(p => p.Comm.StartsWith("fx-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(fx);
        foreach (var p in fx)
        {
            Assert.True(rows.TryGetValue(p.Pid, out var row), $"pid {p.Pid} ({p.Comm}) missing");
            Assert.Equal(p.Ppid.ToString(CultureInfo.InvariantCulture), row[1]);
            Assert.Equal(p.Comm, row[2]);
        }
        var nfq = truth.Single("fx-nfq");
        Assert.Equal($"fx-nfq\t{nfq.Pid}\n", _s.Lua($"local t = kernel.task({nfq.Pid}) print(t.comm, t.pid:value())"));
        Assert.Equal("nil\n", _s.Lua("print(kernel.task(999999))"));
        Assert.Equal(_s.Lua("local n = 0 for t in kernel.tasks() do n = n + 1 end print(n)"), $"{rows.Count}\n");
        Assert.Equal(_s.Lua("print(#crash.table('ps'))"), $"{rows.Count}\n");
    }

    [Fact]
    public void TasksScriptFiltersByComm()
    {
        var truth = Fixtures.GroundTruthOf(ScriptSession.Dump);
        string o = _s.RunOk($"lua {ScriptSession.Script("tasks.lua")} fx-");
        var comms = o.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]).ToHashSet();
        Assert.Superset(truth.Processes.Where(p => p.Comm.StartsWith("fx-", StringComparison.Ordinal)).Select(p => p.Comm).ToHashSet(), comms);
        Assert.All(comms, c => Assert.StartsWith("fx-", c));
    }

    [Fact]
    public void PerCpuRunQueuesAreTheirOwnCpus()
    {
        var truth = Fixtures.GroundTruthOf(ScriptSession.Dump);
        string o = _s.Lua("""
            print(kernel.nr_cpus())
            local rqs = kernel.var("runqueues")
            for cpu = 0, kernel.nr_cpus() - 1 do
              local rq = rqs:percpu(cpu)
              print(rq.cpu:value(), rq:address() - rqs:address() == kernel.percpu_offset(cpu))
            end
            """);
        var expected = $"{truth.Cpus}\n" + string.Concat(Enumerable.Range(0, truth.Cpus).Select(c => $"{c}\ttrue\n"));
        Assert.Equal(expected, o);
        string script = _s.RunOk($"lua {ScriptSession.Script("runqueues.lua")}");
        Assert.Equal(truth.Cpus, script.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void ContainerOfCastsAndListsAgree()
    {
        string o = _s.Lua("""
            local init = kernel.var("init_task")
            local first
            for t in kernel.list_for_each_entry(init.tasks, "struct task_struct", "tasks") do first = t break end
            local viaContainer = kernel.container_of(init.tasks.next, "struct task_struct", "tasks")
            print(viaContainer == first, viaContainer.pid:value() == first.pid:value())
            local node = init.tasks.next:value()
            print(kernel.container_of(node, "struct task_struct", "tasks") == first)
            local p = kernel.cast(init.tasks.next, "struct task_struct *")
            print(p:value() == node, kernel.cast(init:address_of(), "unsigned long"):value() == init:address())
            local n = 0
            for node in kernel.list_for_each(init.tasks) do n = n + 1 end
            local m = 0
            for t in kernel.list_for_each_entry(init.tasks, "struct task_struct", "tasks") do m = m + 1 end
            print(n == m, n > 10)
            """);
        Assert.Equal("true\ttrue\ntrue\ntrue\ttrue\ntrue\ttrue\n", o);
    }

    [Fact]
    public void ValuesBecomeLuaValues()
    {
        string o = _s.Lua("""
            local init = kernel.var("init_task")
            print(init.comm:value(), math.type(init.pid:value()), init.comm:type_name())
            print(#init.comm, init.comm[0]:value() == string.byte("s"))
            local v = kernel.var("init_net").ns:value()
            print(type(v), math.type(v.inum))
            local p = init.tasks.next
            print((p + 1):value() - p:value() == kernel.sizeof("struct list_head"))
            local count = 0
            for name, member in pairs(init.tasks) do count = count + 1 end
            print(count)
            print(type(init.thread_info:value()))
            """);
        Assert.Equal("swapper/0\tinteger\tchar [16]\n16\ttrue\ntable\tinteger\ntrue\n2\ntable\n", o);
    }

    [Fact]
    public void MembersNamedLikeMethodsStayMembers()
    {
        // struct page_counter and many others have no such member; struct kobject has `name`, struct
        // timer_list has `function`: here `struct resource` has `name` and `start`, and
        // struct list_head has no `value`, so obj.value is the method there.
        string o = _s.Lua("""
            local r = kernel.var("iomem_resource")
            print(r.name:string(), r.start:value_() == 0)
            local h = kernel.var("init_task").tasks
            print(type(h.value))
            """);
        Assert.Equal("PCI mem\ttrue\nfunction\n", o);
    }

    [Fact]
    public void RbtreeWalkIsInAddressOrderAsTheSortedList()
    {
        // vmap_area_root (an rbtree keyed by va_start) and vmap_area_list (the same areas, sorted):
        // two independent structures the kernel keeps in step.
        string o = _s.Lua("""
            local fromTree, fromList = {}, {}
            for va in kernel.rbtree_for_each_entry(kernel.var("vmap_area_root"), "struct vmap_area", "rb_node") do
              fromTree[#fromTree + 1] = va.va_start:value()
            end
            for va in kernel.list_for_each_entry(kernel.var("vmap_area_list"), "struct vmap_area", "list") do
              fromList[#fromList + 1] = va.va_start:value()
            end
            local same = #fromTree == #fromList
            for i = 1, #fromTree do same = same and fromTree[i] == fromList[i] end
            for i = 2, #fromTree do same = same and math.ult(fromTree[i - 1], fromTree[i]) end
            print(#fromTree > 10, same)
            """);
        Assert.Equal("true\ttrue\n", o);
    }

    [Fact]
    public void XarrayOfPidsHoldsTheGroundTruthProcesses()
    {
        // init_pid_ns.idr is an IDR: an xarray from pid - idr_base to struct pid *.
        var truth = Fixtures.GroundTruthOf(ScriptSession.Dump);
        string o = _s.Lua("""
            local idr = kernel.var("init_pid_ns").idr
            local base = idr.idr_base:value()
            local bad = 0
            for index, entry in kernel.xa_for_each(idr.idr_rt) do
              local pid = kernel.cast(entry, "struct pid *")
              if pid.numbers[0].nr:value() ~= index + base then bad = bad + 1 end
              print(index + base)
            end
            print("bad", bad)
            """);
        var lines = o.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("bad\t0", lines[^1]);
        var pids = lines[..^1].Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToHashSet();
        foreach (var p in truth.Processes.Where(p => p.Comm.StartsWith("fx-", StringComparison.Ordinal)))
            Assert.Contains(p.Pid, pids);
        Assert.Contains(1, pids);
    }

    [Fact]
    public void ModulesTableMatchesTheGroundTruthLsmod()
    {
        var truth = Fixtures.GroundTruthOf(ScriptSession.Dump);
        string o = _s.Lua("for _, m in ipairs(crash.table('mod')) do print(m.name, m.size > 0) end");
        var names = o.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        Assert.Equal(truth.Modules.OrderBy(n => n, StringComparer.Ordinal), names.Select(n => n[0]).OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(names, n => Assert.Equal("true", n[1]));
    }
}
