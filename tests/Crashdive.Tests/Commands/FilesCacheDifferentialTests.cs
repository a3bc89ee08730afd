using System.Text.RegularExpressions;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// files -d DENTRY and files -p INODE against crash 8.0.2, on the dentries and inodes of the workload's open
/// files: the held file (/tmp/fixture-file.txt, one cached page), init's files (its /init image with pages,
/// the console), the TCP server's sockets (path found under sock_mnt). crash cannot list those tasks' files
/// itself (it sees 3 tasks), so the addresses come from our files listing and the output is compared.
/// </summary>
public sealed class FilesCacheDifferentialTests
{
    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("qemu/vmcore.elf")]
    public void DentryAndInodeEqualCrash(string dump)
    {
        using KernelProgram k = Fixtures.OpenKernel(dump);
        var truth = Fixtures.GroundTruthOf(dump);
        int holder = Pid(truth, "holdfile"), server = Pid(truth, "tcp-server");
        var rows = new List<string[]>();
        foreach (int pid in new[] { holder, 1, server })
        {
            foreach (Match m in Regex.Matches(CommandRunner.RunOk(k, $"files {pid}"), @"(?m)^ +\d+ ([0-9a-f]{16}) ([0-9a-f]{16}) ([0-9a-f]{16}) (\w+) *(.*)$"))
                rows.Add([m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value, m.Groups[5].Value]);
        }
        Assert.Contains(rows, r => r[3] == "/tmp/fixture-file.txt");
        Assert.Contains(rows, r => r[2] == "SOCK");
        var commands = rows.DistinctBy(r => r[0]).SelectMany(r => new[] { $"files -d {r[0]}", $"files -p {r[1]}" }).ToList();
        commands.Add("files -d 0x10");
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), commands);
        for (int i = 0; i < commands.Count - 1; i++)
        {
            string actual = CommandRunner.Run(k, commands[i]);
            Assert.True(crash[i] == actual, $"`{commands[i]}` on {dump}\n--- {Crashdive.Tests.Commands.CrashReference.ExpectedVersion}:\n{crash[i]}\n--- crashdive:\n{actual}");
        }
        // the held file: its one page is in the cache (the guest wrote it and kept it open)
        string held = CommandRunner.Run(k, $"files -p {rows.First(r => r[3] == "/tmp/fixture-file.txt")[1]}");
        Assert.Matches(@"(?m)^ *[0-9a-f]{16} +1\n", held);
        // an unreadable dentry: one line
        string bad = CommandRunner.Run(k, "files -d 0x10");
        Assert.Single(bad.TrimEnd('\n').Split('\n'), l => !l.Contains("DENTRY", StringComparison.Ordinal));
        Assert.StartsWith("files: ", bad.Split('\n').First(l => !l.Contains("DENTRY", StringComparison.Ordinal)));
    }

    private static int Pid(Fixtures.Truth truth, string what) =>
        int.Parse(Regex.Match(string.Join('\n', truth.FxLines), $@"FX {what} pid=(\d+)").Groups[1].Value);
}
