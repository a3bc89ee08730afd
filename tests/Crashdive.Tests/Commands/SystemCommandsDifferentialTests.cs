using System.Collections.Concurrent;
using Crashdive.Dumps;
using Crashdive.Kernel;

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
public sealed partial class SystemCommandsDifferentialTests(SystemCommandsDifferentialTests.CrashRuns runs)
    : IClassFixture<SystemCommandsDifferentialTests.CrashRuns>
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
        "kmem -g 0x10000",
        "kmem -g 0x2c1",
        "kmem -g",
        "kmem -x",
        "kmem -i -s",
        "kmem -i 1234",
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string dump in new[] { "kdump/vmcore.kdump-zlib", "qemu/vmcore.elf" })
        {
            foreach (string command in Table)
                data.Add(dump, command);
        }
        return data;
    }

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
        Assert.True(expected == actual, $"`{command}` on {dump}\n--- crash 8.0.2:\n{expected}\n--- crashdive:\n{actual}");
    }

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

    /// <summary>Commands of <see cref="Table"/> with an option the command does not take, and that option.</summary>
    private static readonly Dictionary<string, char> BadOptions = new()
    {
        ["mount -z"] = 'z',
        ["kmem -x"] = 'x',
    };

    /// <summary>One crash run per dump, shared by all cases of the class.</summary>
    public sealed class CrashRuns : IDisposable
    {
        private readonly ConcurrentDictionary<string, Lazy<DumpRun>> _runs = new();

        /// <summary>The run for <paramref name="dump"/> (made on first use).</summary>
        public DumpRun Get(string dump) => _runs.GetOrAdd(dump, d => new Lazy<DumpRun>(() => DumpRun.Make(d))).Value;

        /// <inheritdoc/>
        public void Dispose()
        {
            foreach (var r in _runs.Values)
            {
                if (r.IsValueCreated)
                    r.Value.Kernel.Dispose();
            }
        }
    }

    /// <summary>crash's outputs for the table on one dump, and our kernel for the dump.</summary>
    public sealed record DumpRun(KernelProgram Kernel, IReadOnlyList<string> CrashOutputs)
    {
        public static DumpRun Make(string dump)
        {
            string path = Fixtures.Path(dump);
            string vmlinux = Fixtures.Path("kernel/vmlinux");
            var kernel = Fixtures.OpenKernel(dump);
            return new DumpRun(kernel, CrashReference.Run(vmlinux, path, Table));
        }
    }
}
