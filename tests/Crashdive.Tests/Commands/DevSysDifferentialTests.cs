using System.Text.Json;
using System.Text.RegularExpressions;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// dev (character and block devices, -p, -d, -D) and sys (-c, -i, -t, config, -panic) against crash 8.0.2
/// on the same dumps, byte for byte; crash runs once per dump for the table. Then what crash gets wrong
/// (sys -c with a name made of hex letters) and the 6.12 dumps crash cannot open, checked by facts.
/// </summary>
public sealed class DevSysDifferentialTests(CrashTableRuns<DevSysDifferentialTests> runs)
    : IClassFixture<CrashTableRuns<DevSysDifferentialTests>>, ICrashTable
{
    /// <summary>The commands; the same text goes to both tools.</summary>
    public static readonly string[] Table =
    [
        "dev",
        "dev -p",
        "dev -d",
        "dev -D",
        "dev -d -p",
        "dev extra",
        "dev -V",
        "dev -v 0",
        "dev -v 3 devdump.bin",
        "sys -c",
        "sys -c 0",
        "sys -c 17",
        "sys -c read",
        "sys -c read 60 socket",
        "sys -c 9999",
        "sys -c nosuchcall",
        "sys -i",
        "sys -t",
        "sys config",
        "sys -panic",
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
        string actual = CommandRunner.Run(run.Kernel, command);
        Assert.True(expected == actual, $"`{command}` on {dump}\n--- {Crashdive.Tests.Commands.CrashReference.ExpectedVersion}:\n{expected}\n--- crashdive:\n{actual}");
    }

    /// <summary>
    /// crash 8.0.2 takes any argument made of hex digits as a number (<c>IS_A_NUMBER</c>), so <c>sys -c add</c>
    /// looks for call 0xadd and prints nothing. A name is a name here: the rows are crash's own rows of the
    /// full table whose name contains the text.
    /// </summary>
    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib", "add")]
    [InlineData("qemu/vmcore.elf", "fadd")]
    [InlineData("qemu/vmcore.elf", "ac")]
    public void SyscallNameOfHexLettersSelectsCrashsRows(string dump, string name)
    {
        var run = runs.Get(dump);
        string[] all = run.CrashOutputs[Array.IndexOf(Table, "sys -c")].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rows = all.Skip(1).Where(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].Contains(name, StringComparison.Ordinal)).ToList();
        string expected = rows.Count == 0 ? "" : all[0] + "\n" + string.Concat(rows.Select(r => r + "\n"));
        if (name != "fadd")
            Assert.NotEmpty(rows);
        Assert.Equal(expected, CommandRunner.Run(run.Kernel, $"sys -c {name}"));
    }

    /// <summary>sys --json carries the summary's facts: the guest's release, CPU count and panic, crash's MEMORY and DATE.</summary>
    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("qemu/vmcore.elf")]
    public void SysJsonHoldsTheSummary(string dump)
    {
        var run = runs.Get(dump);
        var truth = Fixtures.GroundTruthOf(dump);
        var output = new StringWriter { NewLine = "\n" };
        new Crashdive.Commands.Tasks.SysCommand().ExecuteJson(new Crashdive.Commands.CommandContext(run.Kernel, output), []);
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        var o = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal(truth.Release, o.GetProperty("release").GetString());
        Assert.Equal(truth.Cpus, o.GetProperty("cpus").GetInt32());
        Assert.Equal(truth.Processes.Count, o.GetProperty("tasks").GetInt32() - truth.Cpus); // the idle tasks are not in ps
        // crash's summary printed at the start of the same table run (sys -panic's neighbours share it): take MEMORY from `sys`
        string crashSys = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), ["sys"])[0];
        Assert.Contains($"      MEMORY: {o.GetProperty("memory").GetString()}\n", crashSys);
        Assert.Contains($"        DATE: {o.GetProperty("date").GetString()}\n", crashSys);
        Assert.Contains($"       PANIC: \"{o.GetProperty("panic").GetString()}\"\n", crashSys);
        Assert.Equal("0", o.GetProperty("tainted_mask").GetString());
    }

    /// <summary>sys -c --json: one object per entry of crash's table, with the same names and source lines.</summary>
    [Fact]
    public void SyscallJsonMatchesCrashsTable()
    {
        var run = runs.Get("kdump/vmcore.kdump-zlib");
        string[] rows = run.CrashOutputs[Array.IndexOf(Table, "sys -c")].Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        var output = new StringWriter { NewLine = "\n" };
        new Crashdive.Commands.Tasks.SysCommand().ExecuteJson(new Crashdive.Commands.CommandContext(run.Kernel, output), ["-c"]);
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(rows.Length, lines.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            var o = JsonDocument.Parse(lines[i]).RootElement;
            string[] f = rows[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(int.Parse(f[0]), o.GetProperty("number").GetInt32());
            Assert.Equal(f[1], o.GetProperty("name").GetString());
            Assert.Equal(string.Join(' ', f[2..]), o.GetProperty("source").GetString());
        }
    }

    /// <summary>Bad input: one line each.</summary>
    [Theory]
    [InlineData("dev -v 0")]
    [InlineData("dev -V")]
    public void BadInputIsOneLine(string command)
    {
        var run = runs.Get("kdump/vmcore.kdump-zlib");
        string output = CommandRunner.Run(run.Kernel, command);
        Assert.Single(output.TrimEnd('\n').Split('\n'));
        Assert.StartsWith(command.Split(' ')[0] + ": ", output);
    }

    /// <summary>
    /// The 6.12 kdump case (crash cannot open it; its guest had the three virtio disks, the QEMU case none):
    /// the PCI devices that own I/O resources (named DDDD:BB:SS.F in the resource trees, an independent walk)
    /// are all in dev -p; dev -d lists exactly the disks the guest's console announced ("[vda]"), nothing in
    /// flight (the guest was idle on its disks); the virtio-blk major's operations are virtblk_fops (from the
    /// module's own symbols) and its gendisk is one of those disks.
    /// </summary>
    [Fact]
    public void DevOn612AgreesWithTheGuest()
    {
        using KernelProgram kernel = Fixture612.OpenKernel("kdump/vmcore.elf");
        string pci = CommandRunner.RunOk(kernel, "dev -p");
        var devices = Regex.Matches(pci, @"(?m)^  [0-9a-f]{16} (\w{4}:\w\w:\w\w\.\w) ").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Contains("0000:00:00.0", devices);
        var owners = Regex.Matches(CommandRunner.RunOk(kernel, "dev -i"), @"\b(\w{4}:\w\w:\w\w\.\w)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.NotEmpty(owners);
        Assert.Subset(devices, owners);
        string dev = CommandRunner.RunOk(kernel, "dev");
        var disks = CommandRunner.RunOk(kernel, "dev -d").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var announced = Regex.Matches(File.ReadAllText(Fixture612.PathOf("kdump/console.log")), @"virtio_blk virtio\d+: \[(vd\w+)\]")
            .Select(m => m.Groups[1].Value).ToHashSet();
        Assert.NotEmpty(announced);
        Assert.Equal(announced.Order(), disks.Select(d => d[2]).Order());
        var virtblk = Regex.Match(dev, @"(?m)^ +(\d+) +virtblk +([0-9a-f]{16})  virtblk_fops$");
        Assert.True(virtblk.Success, dev);
        Assert.Contains(disks, d => d[0] == virtblk.Groups[1].Value && d[1] == virtblk.Groups[2].Value);
        Assert.All(disks, d => Assert.Equal("0", d[4]));
    }

}
