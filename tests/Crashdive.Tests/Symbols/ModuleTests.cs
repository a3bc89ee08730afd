using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Symbols.Elf;
using Crashdive.Symbols.Types;

namespace Crashdive.Tests.Symbols;

/// <summary>
/// A real module (.ko, ET_REL): its DWARF is only usable once .rela.debug_* are applied. Compared
/// with drgn, which also reads the module alone with its sections at address 0.
/// </summary>
public sealed class ModuleTests : IClassFixture<ModuleFixture>, IDisposable
{
    private static readonly string[] Sizes = ["struct nfqnl_instance", "struct nfnl_queue_net", "struct nf_queue_entry"];

    private static readonly string[] Offsets =
    [
        "struct nfqnl_instance:queue_list", "struct nfqnl_instance:lock", "struct nfqnl_instance:copy_mode",
        "struct nfqnl_instance:hlist", "struct nfqnl_instance:rcu", "struct nf_queue_entry:skb", "struct nf_queue_entry:state",
    ];

    /// <summary>What drgn is asked.</summary>
    public static readonly object Questions = new
    {
        @sizeof = Sizes,
        offsetof = Offsets,
        typename = new[] { "struct nfqnl_instance:queue_list", "struct nfqnl_instance:rcu" },
        symbol = new[] { "nfnl_queue_net_id", "nfqnl_rcv_nl_event" },
        @object = new[] { "nfnl_queue_net_id", "nfqnl_rcv_nl_event", "instance_create" },
        constant = new[] { "NFQNL_CFG_CMD_BIND" },
    };

    private readonly ModuleFixture _fx;
    private readonly SymbolFile _file;

    public ModuleTests(ModuleFixture fx)
    {
        _fx = fx;
        _file = SymbolFile.Open(fx.Path, new SymbolFileOptions { Index = new NameIndexOptions { UseCache = false } });
    }

    public void Dispose() => _file.Dispose();

    public static TheoryData<string> SizeCases => new(Sizes);
    public static TheoryData<string> OffsetCases => new(Offsets);

    private ulong DrgnU64(string kind, string key, int index = -1)
    {
        var v = _fx.Drgn.Answer(kind, key) ?? throw new Xunit.Sdk.XunitException($"drgn has no answer for {kind} {key}");
        return index < 0 ? v.GetUInt64() : v[index].GetUInt64();
    }

    [Theory]
    [MemberData(nameof(SizeCases))]
    public void Sizeof_matches_drgn(string type)
    {
        ulong expected = DrgnU64("sizeof", type);
        Assert.Equal(expected, _file.FindType(type)?.Size);
    }

    [Theory]
    [MemberData(nameof(OffsetCases))]
    public void Offsetof_matches_drgn(string spec)
    {
        ulong expected = DrgnU64("offsetof", spec);
        string[] p = spec.Split(':');
        var s = Assert.IsType<StructType>(_file.FindType(p[0]));
        Assert.Equal(expected, s.FindMemberPath(p[1])?.Offset);
    }

    [Fact]
    public void Relocated_names_types_and_constants()
    {
        Assert.True(_file.Elf.IsRelocatable);
        Assert.Matches("^[0-9a-f]{40}$", _file.BuildId);
        var s = Assert.IsType<StructType>(_file.FindType("struct nfqnl_instance"));
        Assert.Equal(_fx.Drgn.Answer("typename", "struct nfqnl_instance:queue_list")!.Value.GetString(), s.FindMember("queue_list")!.Value.Type.ToString());
        Assert.Equal(_fx.Drgn.Answer("typename", "struct nfqnl_instance:rcu")!.Value.GetString(), s.FindMember("rcu")!.Value.Type.ToString());
        Assert.Equal(_fx.Drgn.Answer("constant", "NFQNL_CFG_CMD_BIND")!.Value[0].GetInt64(), _file.FindEnumerator("NFQNL_CFG_CMD_BIND")!.Enumerator.Value);
    }

    [Fact(Skip = "drgn 0.3.0 does not answer ELF symbol queries of a .ko loaded as an extra module without addresses; the query must be rewritten for its module API (issue 13, next stop)")]
    public void Addresses_are_section_relative_like_drgn()
    {
        Variable v = _file.FindVariable("nfnl_queue_net_id")!;
        Assert.Equal(DrgnU64("object", "nfnl_queue_net_id", 0), v.Address);
        Assert.Equal("unsigned int", v.Type.ToString());
        Function f = _file.FindFunction("nfqnl_rcv_nl_event")!;
        Assert.Equal(DrgnU64("object", "nfqnl_rcv_nl_event", 0), f.Address);
        Assert.Equal(DrgnU64("symbol", "nfqnl_rcv_nl_event", 0), f.Address);
        Assert.Equal(DrgnU64("symbol", "nfqnl_rcv_nl_event", 1), f.Size);
        // instance_create is only inlined: drgn has no address for it either.
        Assert.Equal(System.Text.Json.JsonValueKind.Null, _fx.Drgn.Answer("object", "instance_create")!.Value[0].ValueKind);
        Assert.Null(_file.FindFunction("instance_create")!.Address);
    }

    [Fact(Skip = "drgn 0.3.0 does not answer ELF symbol queries of a .ko loaded as an extra module without addresses; the query must be rewritten for its module API (issue 13, next stop)")]
    public void Load_addresses_move_dwarf_and_symbols_together()
    {
        const ulong text = 0xffffffffc0a00000, readMostly = 0xffffffffc0a08000;
        using SymbolFile loaded = SymbolFile.Open(_fx.Path, new SymbolFileOptions
        {
            Index = new NameIndexOptions { UseCache = false },
            SectionLoadAddresses = new Dictionary<string, ulong> { [".text"] = text, [".data..read_mostly"] = readMostly },
        });
        ulong offset = DrgnU64("symbol", "nfqnl_rcv_nl_event", 0);
        Assert.Equal(text + offset, loaded.FindFunction("nfqnl_rcv_nl_event")!.Address);
        Assert.True(loaded.Symbols.TryFind("nfqnl_rcv_nl_event", out ElfSymbol sym));
        Assert.Equal(text + offset, sym.Address);
        Assert.Equal(readMostly + DrgnU64("symbol", "nfnl_queue_net_id", 0), loaded.FindVariable("nfnl_queue_net_id")!.Address);
        Assert.True(loaded.TryLookupAddress(text + offset + 3, out SymbolOffset so));
        Assert.Equal("nfqnl_rcv_nl_event+0x3", so.ToString());
    }
}
