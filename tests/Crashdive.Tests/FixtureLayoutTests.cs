using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace Crashdive.Tests;

/// <summary>
/// The fixture set made by fixtures/build.sh is what the other tests rely on: every dump is
/// there in its format, the guest's ground truth shows the whole workload, and the reference
/// tools' outputs and the debug modules are usable.
/// </summary>
public sealed partial class FixtureLayoutTests
{
    private static readonly string[] WorkloadComms =
        ["fx-nfq", "fx-tcp-srv", "fx-tcp-cli", "fx-udp-recv", "fx-sleeper-a", "fx-sleeper-b", "fx-holdfile"];

    private const string Flattened = "makedumpfile";
    private const string Kdump = "KDUMP   ";
    private const string Elf = "\x7f" + "ELF";

    /// <summary>Every dump of the layout and the magic its format starts with.</summary>
    public static TheoryData<string, string> Dumps => new()
    {
        { "kdump/vmcore.kdump-zlib", Kdump },
        { "kdump/vmcore.kdump-lzo", Kdump },
        { "kdump/vmcore.elf", Elf },
        { "kdump/vmcore.flat-zlib", Flattened },
        { "kdump/vmcore.flat-elf", Flattened },
        { "qemu/vmcore.elf", Elf },
        { "qemu/vmcore.paging-elf", Elf },
        { "qemu/vmcore.kdump-zlib", Flattened }, // QEMU 7.2 writes its kdump formats flattened
        { "qemu/vmcore.kdump-zlib-rearranged", Kdump },
    };

    [Theory]
    [MemberData(nameof(Dumps))]
    public void DumpExistsIsNotEmptyAndStartsWithItsMagic(string dump, string magic)
    {
        string path = Fixtures.Path(dump);
        using var f = File.OpenRead(path);
        Assert.True(f.Length > 1 << 20, $"{path} is only {f.Length} bytes");
        var head = new byte[magic.Length];
        f.ReadExactly(head);
        Assert.Equal(magic, Encoding.Latin1.GetString(head));
    }

    [Theory]
    [InlineData("kdump")]
    [InlineData("qemu")]
    public void GroundTruthShowsTheWholeWorkload(string fixtureCase)
    {
        var truth = Fixtures.GroundTruth(fixtureCase);
        Assert.Equal(File.ReadAllText(Fixtures.Path("kernel/release")).Trim(), truth.Release);

        // every workload process exists once, as a child of init, at the pid its FX line gave
        foreach (string comm in WorkloadComms)
        {
            var p = truth.Single(comm);
            Assert.Equal(1, p.Ppid);
            Assert.True(p.Pid > 1, $"{comm} has pid {p.Pid}");
        }
        Assert.Equal(truth.Single("fx-nfq").Pid, FxPid(truth, @"^FX nfq pid=(\d+) queue=0 bound"));
        Assert.Equal(truth.Single("fx-tcp-srv").Pid, FxPid(truth, @"^FX tcp-server pid=(\d+) accepted fd=4"));
        Assert.Equal(truth.Single("fx-holdfile").Pid, FxPid(truth, @"^FX holdfile pid=(\d+) comm=fx-holdfile fd=3 path=/tmp/fixture-file.txt$"));
        Assert.Equal(truth.Processes.Count, truth.Processes.Select(p => p.Pid).Distinct().Count());
        Assert.Contains(truth.Processes, p => p.Pid == 1 && p.Comm == "init");

        // the three packets held in NFQUEUE 0, in order
        var queued = truth.FxLines.Select(l => NfqQueued().Match(l)).Where(m => m.Success)
            .Select(m => (Id: int.Parse(m.Groups[1].Value), Payload: m.Groups[2].Value)).ToArray();
        Assert.Equal([(1, "hello-1"), (2, "hello-2"), (3, "hello-3")], queued);

        // 21 unread bytes on the accepted connection (rx_queue of the established socket on :5000)
        Assert.Contains(truth.Section("/proc/net/tcp"), l => AcceptedWithUnread().IsMatch(l));
        Assert.Contains("nfnetlink_queue", truth.Modules);
        Assert.Contains("nft_queue", truth.Modules);
        Assert.True(truth.Kallsyms.ContainsKey("init_task"), "kallsyms section lacks init_task");
    }

    [Fact]
    public void QemuGroundTruthHasTheKaslrOffsetOfItsKallsyms()
    {
        var truth = Fixtures.GroundTruth("qemu");
        ulong offset = truth.KernelOffset ?? throw new Xunit.Sdk.XunitException("no Kernel Offset: line");
        Assert.Equal(0xffffffff81000000UL + offset, truth.Kallsyms["_text"]);
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void CrashReferenceOutputNamesTheRelease(string dump, string magic)
    {
        _ = magic;
        string release = File.ReadAllText(Fixtures.Path("kernel/release")).Trim();
        string crash = File.ReadAllText(Fixtures.Path($"{RefDir(dump)}/crash.out"));
        string status = File.ReadAllText(Fixtures.Path($"{RefDir(dump)}/status"));
        Assert.Contains("Maximum resident set size", File.ReadAllText(Fixtures.Path($"{RefDir(dump)}/crash-startup.time")));
        Assert.Contains("Maximum resident set size", File.ReadAllText(Fixtures.Path($"{RefDir(dump)}/drgn.time")));
        // crash 9.0.2 opens every fixture dump (8.0.2 could not start on 6.12: it missed the KASLR offset)
        Assert.Contains("crash 0", status);
        Assert.Contains($"RELEASE: {release}", crash);
        // the references name the tools that made them
        Assert.Equal($"{Commands.CrashReference.ExpectedVersion}, {Commands.DrgnScript.ExpectedVersion}",
            File.ReadAllText(Fixtures.Path($"{RefDir(dump)}/versions")).Trim());
    }

    [Fact]
    public void DrgnReferenceFindsTheWorkloadInTheKdumpElf()
    {
        var truth = Fixtures.GroundTruth("kdump");
        string drgn = File.ReadAllText(Fixtures.Path("kdump/ref/vmcore.elf/drgn.out"));
        Assert.Contains($"release: {truth.Release}", drgn);
        foreach (string comm in WorkloadComms)
            Assert.Contains($"task {truth.Single(comm).Pid} ppid=1 {comm}\n", drgn);
        // drgn walks nfnetlink_queue with the debug module's types (drgn 0.0.22 could not on 6.12: it left
        // module symbols unrelocated)
        foreach (string payload in new[] { "hello-1", "hello-2", "hello-3" })
            Assert.Contains($"payload={payload}", drgn);
    }

    [Theory]
    [InlineData("kernel/vmlinux")]
    [InlineData("kernel/modules/nfnetlink_queue.ko")]
    [InlineData("kernel/modules/nft_queue.ko")]
    public void KernelFilesCarryDwarf(string file)
    {
        Assert.True(SectionSize(Fixtures.Path(file), ".debug_info") > 0, $"{file} has no .debug_info");
    }

    private static string RefDir(string dump) =>
        $"{dump[..dump.IndexOf('/')]}/ref/{dump[(dump.IndexOf('/') + 1)..]}";

    private static int FxPid(Fixtures.Truth truth, string pattern)
    {
        var m = truth.FxLines.Select(l => Regex.Match(l, pattern)).FirstOrDefault(x => x.Success);
        Assert.True(m is not null, $"{truth.Source}: no line matching {pattern}");
        return int.Parse(m.Groups[1].Value);
    }

    /// <summary>Size of ELF64 section <paramref name="name"/> (0 when absent), from the section headers.</summary>
    private static ulong SectionSize(string path, string name)
    {
        using var f = File.OpenRead(path);
        Span<byte> eh = stackalloc byte[64];
        f.ReadExactly(eh);
        Assert.True(eh[0] == 0x7f && eh[1] == (byte)'E' && eh[4] == 2 && eh[5] == 1, $"{path} is not a little-endian ELF64");
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(eh[0x28..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(eh[0x3a..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(eh[0x3c..]);
        int shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(eh[0x3e..]);
        Assert.True(shentsize == 64 && shnum is > 0 and < 65280 && shstrndx < shnum, $"{path}: odd section header table");
        var headers = new byte[shnum * 64];
        f.Position = (long)shoff;
        f.ReadExactly(headers);
        var strtab = headers.AsSpan(shstrndx * 64, 64);
        var names = new byte[checked((int)BinaryPrimitives.ReadUInt64LittleEndian(strtab[0x20..]))];
        f.Position = (long)BinaryPrimitives.ReadUInt64LittleEndian(strtab[0x18..]);
        f.ReadExactly(names);
        byte[] wanted = Encoding.ASCII.GetBytes(name + "\0");
        for (int i = 0; i < shnum; i++)
        {
            var sh = headers.AsSpan(i * 64, 64);
            int at = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(sh));
            if (at + wanted.Length <= names.Length && names.AsSpan(at, wanted.Length).SequenceEqual(wanted))
                return BinaryPrimitives.ReadUInt64LittleEndian(sh[0x20..]);
        }
        return 0;
    }

    [GeneratedRegex(@"^FX nfq queued id=(\d+) iplen=\d+ payload=(.*)$")]
    private static partial Regex NfqQueued();

    // "2: 0100007F:1388 0100007F:E598 01 00000000:00000015": port 5000, ESTABLISHED, rx_queue 0x15 = 21
    [GeneratedRegex(@"^\s*\d+: 0100007F:1388 0100007F:[0-9A-F]{4} 01 [0-9A-F]{8}:00000015 ")]
    private static partial Regex AcceptedWithUnread();
}
