using System.Text.Json;
using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Elf;
using Crashdive.Symbols.Types;

namespace Crashdive.Tests.Symbols;

/// <summary>
/// Types and symbols of the fixture kernel's vmlinux (DWARF 5, 2000+ units) compared with drgn's
/// answers for the same file. Addresses are link-time (KASLR is the memory layer's business).
/// </summary>
public sealed class VmlinuxTests : IClassFixture<VmlinuxFixture>
{
    private static readonly string[] Sizes =
    [
        "struct task_struct", "struct sk_buff", "struct list_head", "struct hlist_node", "struct net", "struct module",
        "struct page", "struct rq", "struct mm_struct", "struct file", "struct inode", "struct pid", "struct cred",
        "pid_t", "unsigned long", "long", "enum pid_type", "union bpf_attr", "struct thread_info", "struct per_cpu_pages",
    ];

    private static readonly string[] Offsets =
    [
        "struct task_struct:pid", "struct task_struct:tgid", "struct task_struct:comm", "struct task_struct:tasks",
        "struct task_struct:mm", "struct task_struct:active_mm", "struct task_struct:__state", "struct task_struct:stack",
        "struct task_struct:thread_info", "struct task_struct:se.vruntime", "struct task_struct:real_parent",
        "struct task_struct:cred", "struct task_struct:rcu_users", "struct task_struct:thread", "struct task_struct:signal",
        "struct task_struct:files", "struct task_struct:thread_pid", "struct task_struct:pid_links",
        "struct sk_buff:len", "struct sk_buff:data", "struct sk_buff:head", "struct sk_buff:data_len", "struct sk_buff:cb",
        "struct sk_buff:sk", "struct sk_buff:tail", "struct sk_buff:end", "struct sk_buff:users", "struct sk_buff:next",
        "struct sk_buff:tstamp", "struct list_head:next", "struct list_head:prev", "struct net:gen", "struct net:list",
        "struct net:ns", "struct module:name", "struct module:list", "struct module:state", "struct module:core_layout",
        "struct page:flags", "struct page:_refcount", "struct page:mapping", "struct page:lru", "struct page:compound_head",
        "struct rq:nr_running", "struct rq:curr", "struct rq:clock", "struct mm_struct:pgd", "struct pid:numbers",
        "struct file:f_path", "struct inode:i_mapping",
    ];

    private static readonly string[] BitFields = ["struct sk_buff:cloned", "struct sk_buff:pkt_type", "struct task_struct:in_execve", "struct page:flags"];

    private static readonly string[] TypeNames =
    [
        "struct task_struct:comm", "struct task_struct:sched_class", "struct task_struct:cpus_ptr", "struct task_struct:pid_links",
        "struct task_struct:stack", "struct file_operations:read", "struct file_operations:poll", "struct sk_buff:users",
        "struct task_struct:__state", "struct module:name", "struct net:gen",
    ];

    private static readonly string[] SymbolNames = ["init_task", "jiffies", "jiffies_64", "linux_banner", "runqueues", "schedule", "init_net", "modules"];

    private static readonly string[] Objects = ["init_task", "jiffies_64", "linux_banner", "runqueues", "schedule", "init_net", "modules"];

    private static readonly string[] Constants = ["PIDTYPE_PID", "PIDTYPE_MAX", "TASK_COMM_LEN", "NR_FREE_PAGES", "__MAX_NR_ZONES", "ZONE_NORMAL"];

    /// <summary>What drgn is asked, in one run.</summary>
    public static readonly object Questions = new
    {
        @sizeof = Sizes,
        offsetof = Offsets,
        bitoffset = BitFields,
        typename = TypeNames,
        symbol = SymbolNames,
        @object = Objects,
        constant = Constants,
    };

    private readonly VmlinuxFixture _fx;

    public VmlinuxTests(VmlinuxFixture fx) => _fx = fx;

    private SymbolFile File => _fx.File;

    public static TheoryData<string> SizeCases => new(Sizes);
    public static TheoryData<string> OffsetCases => new(Offsets);
    public static TheoryData<string> BitFieldCases => new(BitFields);
    public static TheoryData<string> TypeNameCases => new(TypeNames);
    public static TheoryData<string> SymbolCases => new(SymbolNames);
    public static TheoryData<string> ObjectCases => new(Objects);
    public static TheoryData<string> ConstantCases => new(Constants);

    private JsonElement Drgn(string kind, string key) =>
        _fx.Drgn.Answer(kind, key) ?? throw new Xunit.Sdk.XunitException($"drgn has no answer for {kind} {key}; the table needs fixing");

    private StructType Struct(string name) =>
        Assert.IsType<StructType>(File.FindType(name) ?? throw new Xunit.Sdk.XunitException($"{name} not found"));

    [Theory]
    [MemberData(nameof(SizeCases))]
    public void Sizeof_matches_drgn(string type)
    {
        ulong expected = Drgn("sizeof", type).GetUInt64();
        CType t = File.FindType(type) ?? throw new Xunit.Sdk.XunitException($"{type} not found");
        Assert.Equal(expected, t.Size);
    }

    [Theory]
    [MemberData(nameof(OffsetCases))]
    public void Offsetof_matches_drgn(string spec)
    {
        string[] parts = spec.Split(':');
        MemberLookup? m = Struct(parts[0]).FindMemberPath(parts[1]);
        Assert.NotNull(m);
        Assert.Equal(Drgn("offsetof", spec).GetUInt64(), m.Value.Offset);
    }

    [Theory]
    [MemberData(nameof(BitFieldCases))]
    public void Bit_offsets_and_widths_match_drgn(string spec)
    {
        string[] parts = spec.Split(':');
        MemberLookup m = Struct(parts[0]).FindMember(parts[1])!.Value;
        JsonElement d = Drgn("bitoffset", spec);
        Assert.Equal(d[0].GetUInt64(), m.BitOffset);
        Assert.Equal(d[1].ValueKind == JsonValueKind.Null ? 0UL : d[1].GetUInt64(), m.Member.BitSize);
    }

    [Theory]
    [MemberData(nameof(TypeNameCases))]
    public void Member_type_names_match_drgn(string spec)
    {
        string[] parts = spec.Split(':');
        MemberLookup m = Struct(parts[0]).FindMember(parts[1])!.Value;
        Assert.Equal(Drgn("typename", spec).GetString(), m.Type.ToString());
    }

    [Theory]
    [MemberData(nameof(SymbolCases))]
    public void Elf_symbols_match_drgn(string name)
    {
        Assert.True(File.Symbols.TryFind(name, out ElfSymbol s));
        JsonElement d = Drgn("symbol", name);
        Assert.Equal(d[0].GetUInt64(), s.Address);
        Assert.Equal(d[1].GetUInt64(), s.Size);
    }

    [Theory]
    [MemberData(nameof(ObjectCases))]
    public void Variables_and_functions_match_drgn(string name)
    {
        JsonElement d = Drgn("object", name);
        ulong address = d[0].GetUInt64();
        string type = d[1].GetString()!;
        Function? f = File.FindFunction(name);
        if (f != null)
        {
            Assert.Equal(address, f.Address);
            Assert.Equal(type, f.Type.ToString());
            return;
        }
        Variable v = File.FindVariable(name) ?? throw new Xunit.Sdk.XunitException($"{name} not found");
        Assert.Equal(address, v.Address);
        Assert.Equal(type, v.Type.ToString());
        Assert.False(v.AddressFromSymbolTable);
    }

    [Theory]
    [MemberData(nameof(ConstantCases))]
    public void Enumerators_match_drgn(string name)
    {
        JsonElement d = Drgn("constant", name);
        EnumeratorMatch e = File.FindEnumerator(name) ?? throw new Xunit.Sdk.XunitException($"{name} not found");
        Assert.Equal(d[0].GetInt64(), e.Enumerator.Value);
        string drgnType = d[1].GetString()!;
        if (!drgnType.Contains("<anonymous>"))
            Assert.Equal(drgnType, e.Type.ToString());
    }

    [Fact]
    public void Jiffies_is_declared_in_dwarf_and_placed_by_the_symbol_table()
    {
        // The linker script makes jiffies an alias of jiffies_64; DWARF only declares it.
        Variable j = File.FindVariable("jiffies")!;
        Assert.True(j.AddressFromSymbolTable);
        Assert.Equal(Drgn("symbol", "jiffies")[0].GetUInt64(), j.Address);
        Assert.Equal(Drgn("object", "jiffies_64")[0].GetUInt64(), j.Address);
        Assert.Equal("volatile long unsigned int", j.Type.ToString());
        Assert.False(j.IsPerCpu);
    }

    [Fact]
    public void Per_cpu_variables_are_offsets_into_the_per_cpu_area()
    {
        Variable rq = File.FindVariable("runqueues")!;
        Assert.True(rq.IsPerCpu);
        Assert.Equal(Drgn("object", "runqueues")[0].GetUInt64(), rq.Address);
        Assert.True(rq.Address < File.Elf.FindSection(".data..percpu")!.Size);
        Assert.False(File.FindVariable("init_task")!.IsPerCpu);
    }

    [Fact]
    public void Task_struct_state_member_reflects_the_kernel_version()
    {
        // 5.14 renamed task_struct.state to __state; this 6.1 kernel has the new name only.
        StructType task = Struct("task_struct");
        Assert.True(task.HasMember("__state"));
        Assert.False(task.HasMember("state"));
        Assert.Same(task, File.FindType("struct task_struct"));
        Assert.True(task.IsComplete);
        Assert.Equal(Drgn("offsetof", "struct task_struct:rcu_users").GetUInt64(), task.FindMember("rcu_users")!.Value.Offset);
    }

    [Fact]
    public void Address_lookups_give_symbol_plus_offset()
    {
        ulong initTask = Drgn("symbol", "init_task")[0].GetUInt64();
        Assert.True(File.TryLookupAddress(initTask + 0x10, out SymbolOffset so));
        Assert.Equal("init_task+0x10", so.ToString());
        Assert.True(so.IsInsideSymbol);
        ulong schedule = Drgn("symbol", "schedule")[0].GetUInt64();
        Assert.True(File.TryLookupAddress(schedule, out so));
        Assert.Equal("schedule", so.ToString());
    }

    [Fact]
    public void Bare_names_find_typedefs_first_then_tags()
    {
        Assert.Equal(TypeKind.Typedef, File.FindType("pid_t")!.Kind);
        Assert.Equal("int", File.FindType("pid_t")!.Underlying().ToString());
        Assert.Equal(TypeKind.Struct, File.FindType("task_struct")!.Kind);
        Assert.Equal("long unsigned int", File.FindType("unsigned long")!.Name);
        Assert.Equal("struct task_struct *", File.FindType("struct task_struct *")!.ToString());
        Assert.Null(File.FindType("struct no_such_struct_anywhere"));
    }

    [Fact]
    public void The_cache_written_cold_is_mapped_warm_and_answers_the_same()
    {
        Assert.False(File.Index.LoadedFromCache);
        Assert.Contains("wrote", File.Index.CacheNote);
        using SymbolFile warm = SymbolFile.Open(_fx.Path, _fx.Options);
        Assert.True(warm.Index.LoadedFromCache);
        Assert.Equal(File.Index.Count, warm.Index.Count);
        Assert.Equal(File.FindType("struct task_struct")!.Size, warm.FindType("struct task_struct")!.Size);
        Assert.Equal(File.FindVariable("init_net")!.Address, warm.FindVariable("init_net")!.Address);
        Assert.False(warm.Dwarf.AllUnitsRead); // unit headers came from the cache, read one at a time
    }

    [Fact]
    public void One_thread_builds_the_same_index()
    {
        using NameIndex one = NameIndex.Build(File.Dwarf, 1);
        Assert.Equal(File.Index.Count, one.Count);
        Assert.True(File.Index.Hashes.SequenceEqual(one.Hashes));
        Assert.True(File.Index.Packed.SequenceEqual(one.Packed));
    }
}
