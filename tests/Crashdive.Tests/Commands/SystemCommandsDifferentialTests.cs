
namespace Crashdive.Tests.Commands;

/// <summary>
/// mount, kmem, irq, dev, timer, search, swap and ipcs against crash 8.0.2 on the same dumps: each
/// command of <see cref="Table"/> must print exactly what crash prints (nothing normalised). crash runs
/// once per dump for the whole table.
///
/// Where crash is right only by its own definitions, we follow it so that users' scripts keep working:
/// kmem -i's SLAB row counts pages carrying PG_slab (slab head pages), as crash does, because crash
/// does not know the NR_SLAB_*_B counters of 5.9+; TOTAL MEM, FREE and CACHED are also checked against
/// the guest's /proc/meminfo in <see cref="SystemCommandsRealDumpTests"/>.
/// </summary>
public sealed partial class SystemCommandsDifferentialTests(CrashTableRuns<SystemCommandsDifferentialTests> runs)
    : IClassFixture<CrashTableRuns<SystemCommandsDifferentialTests>>, ICrashTable
{
    /// <summary>The commands; the same text goes to both tools.</summary>
    public static readonly string[] Table =
    [
        "mount",
        "mount -n 1",
        "mount -f",
        "mount -i",
        "mount -z",
        "mount -n 99999",
        "kmem -i",
        "kmem -V",
        "kmem -z",
        "kmem -s",
        "kmem -s kmalloc-64",
        "kmem -s list",
        "kmem -o",
        "kmem -v",
        "kmem -g 0x10000",
        "kmem -g 0x2c1",
        "kmem -g",
        "kmem -x",
        "kmem -i -s",
        "kmem -i 1234",
        "kmem",
        "irq",
        "irq -u",
        "irq -d",
        "irq -b",
        "irq -s",
        "irq -s -c 1",
        "irq 0 4 9",
        "irq 9999",
        "irq -q",
        "timer",
        "timer -C 1",
        "timer -r",
        "timer -r -C 0",
        "timer -x",
        "search -V init_task",
        "search -p -l 0x1000000 ffffffffffffffff",
        "search -s linux_banner -l 0x200000 -m ffff init_task",
        "search -l 10 -e 20 deadbeef",
        "search -k",
        "search -s 1234 deadbeef",
        "search -z 1",
        "dev -i",
        "dev -z",
        "swap",
        "ipcs",
    ];

    /// <summary>
    /// Searches that reach the kernel image, where crash 8.0.2 is wrong twice: it walks its
    /// KVADDR_START_MAP range twice (every hit there is printed twice), and it translates that range by
    /// formula from __START_KERNEL_map, so it also reports hits below _text, in memory the kernel unmapped
    /// (cleanup_highmap) and which the page tables do not map. Expected: crash's lines once each, without
    /// those below _text.
    /// </summary>
    public static readonly string[] ImageSearches =
    [
        "search init_task",
        "search -K init_task",
        "search -s _text -e _end init_task",
        "search -c Linux -s linux_banner -l 4096",
        "search -w -s linux_banner -l 512 756e694c",
        "search -h -s linux_banner -l 64 694c",
    ];

    /// <inheritdoc/>
    public static IReadOnlyList<string> CrashCommands { get; } = [.. Table, .. ImageSearches, "irq -a"];

    public static TheoryData<string, string> Cases() => CrashTableRun.Cases(Table);

    [Theory]
    [MemberData(nameof(Cases))]
    public void OutputEqualsCrash(string dump, string command)
    {
        var run = runs.Get(dump);
        int i = Array.IndexOf(Table, command);
        string expected = run.CrashOutputs[i];
        // crash's getopt writes "invalid option" to stderr, which the reference run does not capture.
        if (BadOptions.TryGetValue(command, out char bad))
            expected = $"{command.Split(' ')[0]}: invalid option -- '{bad}'\n" + expected;
        string actual = CommandRunner.Run(run.Kernel, command);
        if (command == "kmem -i")
        {
            // crash 9.0.2's COMMITTED reads vm_committed_as without the CPUs' deltas, where the guest's Committed_AS
            // sums them (SystemCommandsRealDumpTests.CommittedSumsTheCpusWhereCrashReadsTheSharedCountAlone): every
            // other line must be crash's
            expected = WithoutCommitted(expected);
            actual = WithoutCommitted(actual);
        }
        Assert.True(expected == actual, $"`{command}` on {dump}\n--- {Crashdive.Tests.Commands.CrashReference.ExpectedVersion}:\n{expected}\n--- crashdive:\n{actual}");
    }

    private static string WithoutCommitted(string kmemInfo) =>
        string.Join('\n', kmemInfo.Split('\n').Where(l => !l.TrimStart().StartsWith("COMMITTED ", StringComparison.Ordinal)));

    /// <summary>
    /// crash 8.0.2 cannot select mounts by argument on 3.13+ kernels: it dumps every mount with -f
    /// internally and stops at "super_block.s_files ... does not exist". crashdive selects the rows of
    /// its plain listing, so the selection must be exactly the rows of crash's `mount` that have the
    /// argument as a field.
    /// </summary>
    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib", "/proc")]
    [InlineData("kdump/vmcore.kdump-zlib", "tmpfs")]
    [InlineData("qemu/vmcore.elf", "/sys")]
    [InlineData("qemu/vmcore.elf", "devtmpfs")]
    public void MountSelectionIsCrashsRowsWithTheArgument(string dump, string argument)
    {
        var run = runs.Get(dump);
        string[] all = run.CrashOutputs[Array.IndexOf(Table, "mount")].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rows = all.Skip(1).Where(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(argument)).ToList();
        Assert.NotEmpty(rows);
        string expected = all[0] + "\n" + string.Concat(rows.Select(r => r + "\n"));
        Assert.Equal(expected, CommandRunner.Run(run.Kernel, $"mount {argument}"));
        // a mount's own address selects its row too
        string address = rows[0].Split(' ')[0];
        Assert.Equal(all[0] + "\n" + rows[0] + "\n", CommandRunner.Run(run.Kernel, $"mount {address}"));
    }

    public static TheoryData<string, string> ImageCases() => CrashTableRun.Cases(ImageSearches);

    [Theory]
    [MemberData(nameof(ImageCases))]
    public void ImageSearchEqualsCrashOnceEachAndMapped(string dump, string command)
    {
        var run = runs.Get(dump);
        string crash = run.CrashOutputs[Table.Length + Array.IndexOf(ImageSearches, command)];
        ulong text = run.Kernel.SymbolAddress("_text")!.Value;
        var seen = new HashSet<string>();
        var expected = new System.Text.StringBuilder();
        foreach (string line in crash.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            ulong address = Convert.ToUInt64(line[..line.IndexOf(':')], 16);
            if (address >= 0xffffffff80000000UL && address < text)
                continue;
            if (seen.Add(line))
                expected.Append(line).Append('\n');
        }
        Assert.NotEmpty(seen);
        Assert.Equal(expected.ToString(), CommandRunner.Run(run.Kernel, command));
    }

    /// <summary>
    /// kmem ADDRESS against crash on addresses found in crash's own listings of the same dump: an object of
    /// the kmem_cache cache (the first cache's descriptor), a vmalloc address (inside the first vmap area),
    /// a direct-map page and a physical address. (crash also describes a task_struct address as a task;
    /// crashdive prints the symbol and the page, the task view belongs to the task commands.)
    /// </summary>
    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("qemu/vmcore.elf")]
    public void KmemAddressEqualsCrash(string dump)
    {
        var run = runs.Get(dump);
        string caches = run.CrashOutputs[Array.IndexOf(Table, "kmem -s")];
        string kmemCache = caches.Split('\n').Single(l => l.EndsWith(" kmem_cache", StringComparison.Ordinal)).Split(' ')[0];
        string firstCache = caches.Split('\n')[1].Split(' ')[0];
        string vmalloc = run.CrashOutputs[Array.IndexOf(Table, "kmem -v")].Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        ulong pageOffset = run.Kernel.Regions.PageOffset;
        string[] commands =
        [
            $"kmem {Convert.ToUInt64(firstCache, 16) + 8:x}",
            $"kmem {Convert.ToUInt64(vmalloc, 16) + 0x10:x}",
            $"kmem {pageOffset + 0x1000:x}",
            "kmem 2000",
            $"kmem -s {Convert.ToUInt64(firstCache, 16) + 8:x}",
        ];
        Assert.NotEmpty(kmemCache);
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), commands);
        for (int i = 0; i < commands.Length; i++)
            Assert.True(crash[i] == CommandRunner.Run(run.Kernel, commands[i]), $"`{commands[i]}` on {dump}\n--- {Crashdive.Tests.Commands.CrashReference.ExpectedVersion}:\n{crash[i]}\n--- crashdive:\n{CommandRunner.Run(run.Kernel, commands[i])}");
    }

    /// <summary>
    /// irq -a equals crash 9.0.2's (8.0.2 printed no CPUs in the AFFINITY column: it read the off-stack cpumask
    /// wrongly). The guests ran no irqbalance, so every irq keeps the default affinity, all of the guest's CPUs,
    /// except virtio-blk's request queues, which the kernel spreads one queue per CPU (virtioN-req.K on CPU K).
    /// </summary>
    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("qemu/vmcore.elf")]
    public void IrqAffinityIsCrashsLinesWithEveryCpu(string dump)
    {
        var run = runs.Get(dump);
        string crash = run.CrashOutputs[Table.Length + ImageSearches.Length];
        int cpus = Fixtures.GroundTruthOf(dump).Cpus;
        string all = cpus == 1 ? "0" : $"0-{cpus - 1}";
        var lines = crash.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 5);
        foreach (string line in lines.Skip(1))
        {
            string want = System.Text.RegularExpressions.Regex.Match(line, @"virtio\d+-req\.(\d+)") is { Success: true } q ? q.Groups[1].Value : all;
            Assert.EndsWith(" " + want, line);
        }
        Assert.Equal(crash, CommandRunner.Run(run.Kernel, "irq -a"));
    }

    /// <summary>Commands of <see cref="Table"/> with an option the command does not take, and that option.</summary>
    private static readonly Dictionary<string, char> BadOptions = new()
    {
        ["mount -z"] = 'z',
        ["kmem -x"] = 'x',
        ["irq -q"] = 'q',
        ["timer -x"] = 'x',
        ["search -z 1"] = 'z',
        ["dev -z"] = 'z',
    };

}
