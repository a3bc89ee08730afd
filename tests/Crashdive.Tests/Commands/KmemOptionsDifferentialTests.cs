
namespace Crashdive.Tests.Commands;

/// <summary>
/// kmem's options beyond -i/-V/-z/-s (nodes and sections, buddy free lists, page structs, hstates, the
/// verbose slab listings, and the options crash 8.0.2 refuses on 6.x kernels) against crash 8.0.2 on
/// the same dumps, byte for byte. crash runs once per dump for the table; the address cases take their
/// addresses from crash's own listings (a node's mem_map, a free block's first page).
/// </summary>
public sealed class KmemOptionsDifferentialTests(CrashTableRuns<KmemOptionsDifferentialTests> runs)
    : IClassFixture<CrashTableRuns<KmemOptionsDifferentialTests>>, ICrashTable
{
    /// <summary>The commands; the same text goes to both tools.</summary>
    public static readonly string[] Table =
    [
        "kmem -n",
        "kmem -f",
        "kmem -F",
        "kmem -h",
        "kmem -c",
        "kmem -C",
        "kmem -r",
        "kmem -l a",
        "kmem -L i",
        "kmem -l id",
        "kmem -l x",
        "kmem -P",
        "kmem -p",
        "kmem -m flags,_refcount",
        "kmem -m flags,mapping,index,lru",
        "kmem -p 1000",
        "kmem -P 1000",
        "kmem -s -I kmalloc-64,dentry",
        "kmem -S kmalloc-64",
        "kmem -S=0 kmalloc-64",
        "kmem -S=1 dentry",
        "kmem -S",
    ];

    /// <inheritdoc/>
    public static IReadOnlyList<string> CrashCommands { get; } = Table;

    public static TheoryData<string, string> Cases() => CrashTableRun.Cases(Table);

    [Theory]
    [MemberData(nameof(Cases))]
    public void OutputEqualsCrash(string dump, string command)
    {
        var run = runs.Get(dump);
        string expected = run.CrashOutputs[Array.IndexOf(Table, command)];
        Assert.False(string.IsNullOrEmpty(expected), $"crash printed nothing for `{command}`");
        string actual = CommandRunner.Run(run.Kernel, command);
        Assert.True(expected == actual, $"`{command}` on {dump}\n--- {Crashdive.Tests.Commands.CrashReference.ExpectedVersion}:\n{Head(expected)}\n--- crashdive:\n{Head(actual)}");
    }

    /// <summary>
    /// -p with a page address (the node's mem_map from crash's -n), -f with the first page of a free block
    /// and with the block's second page, -f with an allocated page (crash prints nothing), -m with an address.
    /// </summary>
    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("qemu/vmcore.elf")]
    public void AddressesFromCrashsListingsEqualCrash(string dump)
    {
        var run = runs.Get(dump);
        string nodes = run.CrashOutputs[Array.IndexOf(Table, "kmem -n")];
        var lines = nodes.Split('\n');
        string memMap = lines[Array.FindIndex(lines, l => l.StartsWith("    MEM_MAP", StringComparison.Ordinal)) + 1].Split(' ')[0];
        string free = run.CrashOutputs[Array.IndexOf(Table, "kmem -F")];
        // a block of more than one page: the first page listed under an area of 8k or more
        var freeLines = free.Split('\n');
        string? block = null;
        for (int i = 0; i < freeLines.Length - 1 && block is null; i++)
        {
            if (System.Text.RegularExpressions.Regex.IsMatch(freeLines[i], @"^\s+\d+\s+(\d+)k ") && !freeLines[i].Contains(" 4k ", StringComparison.Ordinal)
                && freeLines[i + 1].Length == 16)
                block = freeLines[i + 1];
        }
        Assert.NotNull(block);
        ulong blockPage = Convert.ToUInt64(block, 16);
        string[] commands =
        [
            $"kmem -p {memMap}",
            $"kmem -m flags,_refcount {memMap}",
            $"kmem -f {block}",
            $"kmem -f {blockPage + 64:x}",
            $"kmem -f {memMap}",
        ];
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), commands);
        for (int i = 0; i < commands.Length; i++)
        {
            string actual = CommandRunner.Run(run.Kernel, commands[i]);
            Assert.True(crash[i] == actual, $"`{commands[i]}` on {dump}\n--- {Crashdive.Tests.Commands.CrashReference.ExpectedVersion}:\n{crash[i]}\n--- crashdive:\n{actual}");
        }
        Assert.Contains("2nd of", crash[3]);
    }

    private static string Head(string s) => s.Length > 4000 ? s[..4000] + "\n[...]" : s;

}
