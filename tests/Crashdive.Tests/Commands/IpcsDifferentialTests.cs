using System.Globalization;
using System.Text.RegularExpressions;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// ipcs against crash 8.0.2 and the guest's /proc/sysvipc. The fixture's fx-ipc process made two shared memory
/// segments (one attached), a semaphore set and a message queue holding two messages; every listing, option,
/// id and object address is compared byte for byte with crash on both 6.1 fixture cases, and the rows'
/// values with /proc/sysvipc (6.1 and 6.12, which crash cannot open).
/// </summary>
public sealed partial class IpcsDifferentialTests
{
    private static readonly string[] Commands =
    [
        "ipcs", "ipcs -m", "ipcs -s", "ipcs -q", "ipcs -M", "ipcs -s -q", "ipcs 0", "ipcs 1", "ipcs -m 0 0x10",
        "ipcs -s 0", "ipcs -q 0 1", "ipcs -M 1", "ipcs -n 1 -q", "ipcs -n 99999", "ipcs zz", "ipcs -M -n 0 ffff",
        "ipcs 7",
    ];

    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("qemu/vmcore.elf")]
    public void MatchesCrash(string dumpRel)
    {
        string vmlinux = Fixtures.Path("kernel/vmlinux"), dump = Fixtures.Path(dumpRel);
        var crash = CrashReference.Run(vmlinux, dump, Commands);
        using var k = Fixtures.OpenKernel(dumpRel);
        // objects exist, so the listing is not the "(none allocated)" one
        var ns = k.Variable("init_ipc_ns");
        for (int i = 0; i < 3; i++)
            Assert.True(ns.Member("ids").Index(i).Member("in_use").ToInt64() > 0, $"ids[{i}] has nothing in use");
        // then every object by its address, found in crash's own listing
        var addresses = RowAddress().Matches(crash[0]).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(4, addresses.Count);
        string[] byAddress = [.. addresses.Select(a => $"ipcs {a}"), $"ipcs -M {addresses[0]}", $"ipcs -s {addresses[0]}",
            $"ipcs -q {addresses[3]} 0"];
        var crash2 = CrashReference.Run(vmlinux, dump, byAddress);
        CrashComparison.AssertSame(k, Commands, crash);
        CrashComparison.AssertSame(k, byAddress, crash2);
    }

    [Theory]
    [InlineData("6.1", "kdump/vmcore.kdump-zlib")]
    [InlineData("6.1", "qemu/vmcore.elf")]
    [InlineData("6.12", "kdump/vmcore.elf")]
    [InlineData("6.12", "qemu/vmcore.elf")]
    public void RowsMatchProcSysvipc(string kernel, string dumpRel)
    {
        bool is612 = kernel == "6.12";
        using var k = is612 ? Fixtures.OpenKernel612(dumpRel) : Fixtures.OpenKernel(dumpRel);
        var truth = is612 ? Fixtures.GroundTruth612(dumpRel[..dumpRel.IndexOf('/')]) : Fixtures.GroundTruthOf(dumpRel);
        Assert.Contains(truth.FxLines, l => l.StartsWith("FX ipc ", StringComparison.Ordinal));
        string ipcs = CommandRunner.RunOk(k, "ipcs -M") + CommandRunner.RunOk(k, "ipcs -s -q");

        // /proc/sysvipc/shm: key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime rss swap
        var shm = Rows(truth, "/proc/sysvipc/shm");
        Assert.Equal(2, shm.Count);
        foreach (var r in shm)
        {
            // KEY SHMID UID PERMS BYTES NATTCH, then the pages: allocated from the size, resident from rss
            string row = $"{Key(r[0])} {r[1],-10} {r[7],-5} {r[2],-5} {r[3],-10} {r[6],-6}";
            Assert.Matches($"(?m)^[0-9a-f]{{16}} {Regex.Escape(row)}  \n", ipcs);
            long pages = (long.Parse(r[3], CultureInfo.InvariantCulture) + 4095) / 4096;
            long resident = long.Parse(r[14], CultureInfo.InvariantCulture) / 4096, swapped = long.Parse(r[15], CultureInfo.InvariantCulture) / 4096;
            Assert.Matches($"{Regex.Escape(row)}  \nPAGES ALLOCATED/RESIDENT/SWAPPED: {pages}/{resident}/{swapped}\nINODE: [0-9a-f]+\n", ipcs);
        }
        // /proc/sysvipc/sem: key semid perms nsems uid ...
        var sem = Assert.Single(Rows(truth, "/proc/sysvipc/sem"));
        Assert.Matches($"(?m)^[0-9a-f]{{16}} {Key(sem[0])} {sem[1],-10} {sem[4],-5} {sem[2],-5} {sem[3],-10}\n", ipcs);
        // /proc/sysvipc/msg: key msqid perms cbytes qnum lspid lrpid uid ...
        var msg = Assert.Single(Rows(truth, "/proc/sysvipc/msg"));
        Assert.Matches($"(?m)^[0-9a-f]{{16}} {Key(msg[0])} {msg[1],-10} {msg[7],-5} {msg[2],-5} {msg[3],-12} {msg[4],-12}\n", ipcs);
    }

    private static string Key(string decimalKey) =>
        ((uint)int.Parse(decimalKey, CultureInfo.InvariantCulture)).ToString("x8", CultureInfo.InvariantCulture);

    private static List<string[]> Rows(Fixtures.Truth truth, string section) =>
        [.. truth.Section(section).Skip(1).Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))];

    [GeneratedRegex(@"(?m)^([0-9a-f]{16}) [0-9a-f]{8} ")]
    private static partial Regex RowAddress();
}
