using System.Globalization;
using System.Text.RegularExpressions;
using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Tests.Commands;

/// <summary>
/// Structures are read member by member, and only the members printed: a list walk with <c>-s struct.member</c>
/// shows every task the guest had, and a structure that straddles a page makedumpfile left out (built here
/// from the kdump's own excluded pages) shows its readable members as crash 9.0.2 does, with one line for each
/// member the dump does not hold. crash 9.0.2 fills the excluded page with zeros there (and prints nothing for
/// a list entry with no memory at all); crashdive says so instead.
/// </summary>
public sealed partial class PartialStructReadTests
{
    private const string Dump = "kdump/vmcore.kdump-zlib";

    [Fact]
    public void ListOfTaskMembersShowsEveryTaskOfTheGroundTruth()
    {
        const string command = "list task_struct.tasks -s task_struct.pid,comm -h init_task";
        using KernelProgram kernel = Fixtures.OpenKernel(Dump);
        string ours = CommandRunner.Run(kernel, command);
        string crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(Dump), [command])[0];
        Assert.Equal(crash, ours);

        var listed = PidComm().Matches(ours).ToDictionary(
            m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            m => m.Groups[2].Value.Split("\\000")[0]);
        Fixtures.Truth groundTruth = Fixtures.GroundTruthOf(Dump);
        var truth = groundTruth.Processes;
        Assert.True(truth.Count > 20, $"the ground truth lists {truth.Count} processes");
        // every process of the guest's ps and the idle task; a task more only if the guest saw it later,
        // in its /proc/PID/status pass (a kworker the kernel started after ps)
        Assert.Subset(listed.Keys.ToHashSet(), truth.Select(p => p.Pid).Append(0).ToHashSet());
        var later = groundTruth.Section("status").Select(l => int.Parse(l.Split(' ')[0], CultureInfo.InvariantCulture)).ToHashSet();
        Assert.Subset(later.Append(0).ToHashSet(), listed.Keys.ToHashSet());
        Assert.Equal("swapper/0", listed[0]);
        // /proc/PID/comm of a kworker adds the work it runs ("kworker/0:1-rcu"); the task's comm has not
        foreach (var p in truth)
            Assert.True(p.Comm == listed[p.Pid] || p.Comm.StartsWith(listed[p.Pid] + "-", StringComparison.Ordinal), $"pid {p.Pid}: ground truth {p.Comm}, listed {listed[p.Pid]}");
    }

    /// <summary>A page the dump holds followed by pages it left out, in the kernel's direct map: (boundary, end of the excluded run).</summary>
    private static (ulong Boundary, ulong HoleEnd) FindStraddle(KernelProgram kernel)
    {
        DumpFile dump = kernel.Dump;
        ulong pageSize = (ulong)dump.PageSize;
        for (ulong pfn = 0x1000; pfn + 1 < dump.MaxPfn; pfn++)
        {
            if (dump.GetPageStatus(pfn) != PageStatus.Present || dump.GetPageStatus(pfn + 1) != PageStatus.Excluded)
                continue;
            ulong end = pfn + 1;
            while (end < dump.MaxPfn && dump.GetPageStatus(end) == PageStatus.Excluded)
                end++;
            ulong boundary = kernel.Regions.PhysicalToDirect((pfn + 1) * pageSize);
            Assert.True(kernel.Memory.TryRead(boundary - 8, new byte[8]), $"{boundary - 8:x} is in a page the dump holds");
            Assert.False(kernel.Memory.TryRead(boundary, new byte[1]), $"{boundary:x} is in a page the dump left out");
            return (boundary, kernel.Regions.PhysicalToDirect(end * pageSize));
        }
        Assert.Fail($"{Dump} has no excluded page after a present one");
        return default;
    }

    private static IEnumerable<ulong> ErrorAddresses(string output) =>
        CannotAccess().Matches(output).Select(m => ulong.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    [Fact]
    public void StructStraddlingAnExcludedPageShowsReadableMembersAndOneLinePerUnreadableOne()
    {
        using KernelProgram kernel = Fixtures.OpenKernel(Dump);
        var (boundary, holeEnd) = FindStraddle(kernel);
        const ulong readable = 0x100;
        ulong start = boundary - readable;
        var task = (StructType)kernel.Type("struct task_struct").Underlying();
        // a scalar member wholly before the boundary, and pid after it, in the excluded run
        Member before = task.Members.First(m => m.Name != null && !m.IsBitField && m.Type.Underlying() is BaseType && m.Offset + (m.Type.Size ?? 0) <= readable);
        ulong pidOffset = task.FindMember("pid")!.Value.Offset;
        Assert.InRange(start + pidOffset, boundary, holeEnd - 4);

        string whole = $"struct task_struct {start:x}";
        string members = $"struct task_struct.{before.Name},pid {start:x}";
        string oneMember = $"struct task_struct.pid {start:x}";
        IReadOnlyList<string> crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(Dump), [whole, members]);

        // the whole structure: crash's lines up to the first member in the excluded page, then each such
        // member says it cannot be read, at an address inside the excluded run; the structure is closed
        string ours = CommandRunner.Run(kernel, whole);
        string[] oursLines = ours.Split('\n');
        int firstError = Array.FindIndex(oursLines, l => l.Contains("<error: Cannot access memory", StringComparison.Ordinal));
        Assert.True(firstError > 1, ours.Length > 4000 ? ours[..4000] : ours);
        Assert.Equal(crash[0].Split('\n')[..firstError], oursLines[..firstError]);
        Assert.All(ErrorAddresses(ours), a => Assert.InRange(a, boundary, holeEnd - 1));
        Assert.Equal(boundary, ErrorAddresses(ours).Min());
        Assert.EndsWith("\n}\n", ours, StringComparison.Ordinal);

        // members: the readable one as crash prints it; pid has one line saying it cannot be read
        // (crash 9.0.2 prints "pid = 0," from the zeros it puts in place of the excluded page)
        string oursMembers = CommandRunner.Run(kernel, members);
        string[] crashMembers = crash[1].Split('\n');
        Assert.Equal(crashMembers[0] + "\n" + $"  pid = <error: Cannot access memory at address 0x{start + pidOffset:x}>,\n", oursMembers);
        Assert.StartsWith("  pid = ", crashMembers[1], StringComparison.Ordinal);
        Assert.Equal($"  pid = <error: Cannot access memory at address 0x{start + pidOffset:x}>,\n", CommandRunner.Run(kernel, oneMember));
    }

    /// <summary>
    /// A list walk goes on past entries it cannot read: the tasks list, each entry printed as a task_struct placed
    /// (with <c>-l</c>) so that the first one straddles the excluded page and the others fall where the dump may
    /// hold nothing. The entries and every member crash prints are the same; where crash 9.0.2 prints zeros
    /// (excluded page) crashdive says the member cannot be read, and where crash prints nothing (no memory at
    /// the address) crashdive prints crash's reader line.
    /// </summary>
    [Fact]
    public void ListWalkGoesOnPastUnreadableEntries()
    {
        using KernelProgram kernel = Fixtures.OpenKernel(Dump);
        var (boundary, _) = FindStraddle(kernel);
        ulong head = kernel.Variable("init_task").Member("tasks").Address;
        ulong start = boundary - 0x100;
        string command = $"list -l 0x{head - start:x} -s task_struct.pid,comm {head:x}";
        string ours = CommandRunner.Run(kernel, command);
        string crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(Dump), [command])[0];

        string[] o = ours.Split('\n').Where(l => !l.StartsWith("list: ", StringComparison.Ordinal)).ToArray();
        string[] c = crash.Split('\n');
        Assert.Equal(c.Length, o.Length);
        int unreadable = 0;
        for (int i = 0; i < c.Length; i++)
        {
            if (o[i].Contains("<error: Cannot access memory", StringComparison.Ordinal))
            {
                unreadable++;
                Assert.StartsWith(o[i][..o[i].IndexOf('=')], c[i], StringComparison.Ordinal);
                continue;
            }
            Assert.Equal(c[i], o[i]);
        }
        // the first entry is the straddling one: both members lie in the excluded run
        Assert.Equal($"{head:x}", o[0]);
        Assert.StartsWith("  pid = <error: Cannot access memory at address 0x", o[1], StringComparison.Ordinal);
        Assert.StartsWith("  comm = <error: Cannot access memory at address 0x", o[2], StringComparison.Ordinal);
        Assert.True(unreadable >= 2);
        // every task of the list is there, after the entries that could not be read
        int entries = o.Count(l => Regex.IsMatch(l, "^[0-9a-f]{16}$"));
        Assert.InRange(entries, Fixtures.GroundTruthOf(Dump).Processes.Count + 1, int.MaxValue);
    }

    [GeneratedRegex("  pid = (\\d+),\n  comm = \"([^\"]*)\"")]
    private static partial Regex PidComm();

    [GeneratedRegex("<error: Cannot access memory at address 0x([0-9a-f]+)>")]
    private static partial Regex CannotAccess();
}
