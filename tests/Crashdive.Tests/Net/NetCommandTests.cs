using System.Globalization;
using System.Text.RegularExpressions;
using Crashdive.Tests.Commands;

namespace Crashdive.Tests.Net;

/// <summary>
/// <c>net</c> against crash 8.0.2 where crash can answer, and against the guest's /proc/net/tcp, /proc/net/udp
/// and fd lists where it cannot: crash 8.0.2 sees only 3 tasks on this 6.1 kernel (its PID-hash walk fails), so
/// it rejects the workload's pids and task addresses with "invalid task or pid value".
/// </summary>
public sealed class NetCommandTests(NetKernels kernels) : IClassFixture<NetKernels>
{
    public static TheoryData<string> Dumps => NetKernels.Dumps;

    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib", "net")]
    [InlineData("kdump/vmcore.kdump-zlib", "net -s")]
    [InlineData("qemu/vmcore.elf", "net")]
    [InlineData("qemu/vmcore.elf", "net -s")]
    public void EqualsCrashReference(string dump, string command) =>
        Assert.Equal(Fixtures.CrashReference(dump, command), CommandRunner.RunOk(kernels.Get(dump), command));

    [Fact]
    public void OptionsEqualCrashLive()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        string[] commands = ["net -a", "net -N 0x0100007f", "net -N 16777343", "net -n", "net -n 1", "net -s 1", "net -S 1", "net -x -s"];
        var expected = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), commands);
        for (int i = 0; i < commands.Length; i++)
            Assert.True(expected[i] == CommandRunner.Run(kernels.Get(dump), commands[i]), $"`{commands[i]}`:\ncrash:\n{expected[i]}\ncrashdive:\n{CommandRunner.Run(kernels.Get(dump), commands[i])}");
    }

    /// <summary>
    /// <c>net</c> lists every address of every device the guest's <c>ip addr</c> printed, IPv4 first, then IPv6
    /// (crash 8.0.2 listed only IPv4; crash 9.0.2 prints <c>127.0.0.1, ::1</c> for the loopback device).
    /// </summary>
    [Theory]
    [MemberData(nameof(Dumps))]
    public void DeviceAddressesMatchIpAddr(string dump)
    {
        var truth = NetKernels.TruthOf(dump);
        var expected = truth.InterfaceAddresses();
        Assert.Contains("::1", expected["lo"]);
        var listed = new Dictionary<string, string>();
        foreach (string line in CommandRunner.RunOk(kernels.Get(dump), "net").Split('\n').Skip(1))
        {
            var m = Regex.Match(line, @"^\s*[0-9a-f]+\s+(\S+)\s*(.*)$");
            if (m.Success)
                listed[m.Groups[1].Value] = m.Groups[2].Value;
        }
        Assert.Equal(expected.Keys.Order(), listed.Keys.Order());
        foreach (var (name, addresses) in expected)
        {
            var v4 = addresses.Where(a => !a.Contains(':')).ToArray();
            var v6 = addresses.Where(a => a.Contains(':')).ToArray();
            Assert.Equal(string.Join(", ", v4.Concat(v6)), listed[name]);
        }
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void SocketsMatchProcNet(string dump)
    {
        var truth = NetKernels.TruthOf(dump);
        // "115 fx-tcp-srv 3 socket:[9475]": inode -> (pid, fd)
        var owners = new Dictionary<string, (int Pid, int Fd)>();
        foreach (string l in truth.Section("fds"))
        {
            var m = Regex.Match(l, @"^(\d+) \S+ (\d+) socket:\[(\d+)\]$");
            if (m.Success)
                owners[m.Groups[3].Value] = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        }
        var expected = new List<(int Pid, int Fd, string Text)>();
        foreach (var (section, type) in new[] { ("/proc/net/tcp", "STREAM"), ("/proc/net/udp", "DGRAM ") })
        {
            foreach (string row in truth.Section(section).Skip(1))
            {
                string[] f = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 10)
                    continue;
                var (pid, fd) = owners[f[9]];
                expected.Add((pid, fd, $"INET:{type}  {Endpoint(f[1])} {Endpoint(f[2])}"));
            }
        }
        Assert.Equal(4, expected.Count); // listener, both ends of the connection, the UDP receiver
        var pids = expected.Select(e => e.Pid).Distinct().ToList();
        string output = CommandRunner.RunOk(kernels.Get(dump), "net -s " + string.Join(' ', pids));
        var blocks = output.Split("\n\n");
        Assert.Equal(pids.Count, blocks.Length);
        foreach (var (pid, fd, text) in expected)
        {
            string block = blocks.Single(b => b.StartsWith($"PID: {pid,-7}  TASK: ", StringComparison.Ordinal));
            Assert.Contains("\nFD      SOCKET            SOCK       FAMILY:TYPE SOURCE-PORT DESTINATION-PORT\n", block, StringComparison.Ordinal);
            Assert.Matches($"\n{fd,2}  [0-9a-f]{{16}}  [0-9a-f]{{16}}  {Regex.Escape(text)}(\n|$)", block);
        }
    }

    [Fact]
    public void SocketStructuresEqualCrashsStructCommand()
    {
        // crash 8.0.2 cannot run `net -S PID` for the workload (its PID hash misses the task), but -S is its
        // socket header then dump_struct("socket") and dump_struct("inet_sock"), which `struct` prints alike
        const string dump = "kdump/vmcore.kdump-zlib";
        var truth = NetKernels.TruthOf(dump);
        string pid = NetKernels.Fx(truth, "FX tcp-server pid=", "pid");
        var kernel = kernels.Get(dump);
        string ours = CommandRunner.RunOk(kernel, $"net -S {pid}");
        var rows = Regex.Matches(ours, @"\n ?(\d+)  ([0-9a-f]{16})  ([0-9a-f]{16})\n\n").Select(m => (Fd: m.Groups[1].Value, Socket: m.Groups[2].Value, Sock: m.Groups[3].Value)).ToList();
        Assert.Equal(2, rows.Count); // the listener and the accepted connection
        var commands = rows.SelectMany(r => new[] { $"struct socket {r.Socket}", $"struct inet_sock {r.Sock}" }).ToList();
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), commands);
        string header = $"FD  {"     SOCKET     "}  {"      SOCK      "}\n";
        var expected = new System.Text.StringBuilder(ours[..ours.IndexOf('\n')] + "\n");
        for (int i = 0; i < rows.Count; i++)
            expected.Append(i > 0 ? "\n" : "").Append(header).Append($"{rows[i].Fd,2}  {rows[i].Socket}  {rows[i].Sock}\n\n").Append(crash[2 * i]).Append(crash[2 * i + 1]);
        Assert.Equal(expected.ToString(), ours);
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void QueueColumnCountsUnreadDatagrams(string dump)
    {
        var truth = NetKernels.TruthOf(dump);
        string pid = NetKernels.Fx(truth, "FX udp-recv pid=", "pid");
        int fd = int.Parse(NetKernels.Fx(truth, "FX udp-recv pid=", "fd"), CultureInfo.InvariantCulture);
        int sent = NetKernels.UdpSent(truth, "127.0.0.1:6000").Count;
        Assert.Equal(2, sent);
        string output = CommandRunner.RunOk(kernels.Get(dump), $"net -s -q {pid}");
        string line = output.Split('\n').Single(l => l.StartsWith($"{fd,2}  ", StringComparison.Ordinal));
        Assert.EndsWith($"  {sent} 0 0", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("net -s 99999", "net: invalid task or pid value: 99999\n")]
    [InlineData("net -z", "net: invalid option -- 'z'\nUsage:\n  net [[-s | -S] [-xd] [-R ref] [pid | task]] [-a] [ -n [pid | task]] [-N addr]\nEnter \"help net\" for details.\n")]
    [InlineData("net -x -d -s", "net: -d and -x are mutually exclusive\n")]
    public void BadInputIsOneLine(string line, string expected) =>
        Assert.Equal(expected, CommandRunner.Run(kernels.Get("kdump/vmcore.kdump-zlib"), line));

    [Fact]
    public void ReferenceSelectsOneSocket()
    {
        var truth = Fixtures.GroundTruthOf("kdump/vmcore.kdump-zlib");
        string pid = NetKernels.Fx(truth, "FX tcp-server pid=", "pid");
        string accepted = NetKernels.Fx(truth, "FX tcp-server pid=" + pid + " accepted", "fd");
        string output = CommandRunner.RunOk(kernels.Get("kdump/vmcore.kdump-zlib"), $"net -s -R {accepted} {pid}");
        var lines = output.Split('\n');
        Assert.StartsWith($"PID: {pid,-7}", lines[0], StringComparison.Ordinal);
        Assert.Single(lines, l => Regex.IsMatch(l, @"^ ?\d+  [0-9a-f]{16}"));
        Assert.StartsWith($"{int.Parse(accepted, CultureInfo.InvariantCulture),2}  ", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void ForeachFindsTheTaskHoldingASock()
    {
        // foreach net -R: no header for tasks without the reference (crash prints none), only the holder's fd line
        var k = kernels.Get("kdump/vmcore.kdump-zlib");
        var truth = Fixtures.GroundTruthOf("kdump/vmcore.kdump-zlib");
        int pid = int.Parse(NetKernels.Fx(truth, "FX tcp-server pid=", "pid"), CultureInfo.InvariantCulture);
        int fd = int.Parse(NetKernels.Fx(truth, "FX tcp-server pid=" + pid + " accepted", "fd"), CultureInfo.InvariantCulture);
        var task = Crashdive.Helpers.Tasks.Tasks.FindByPid(k, pid)!.Value;
        var socket = task.Member("files").Deref().Member("fdt").Deref().Member("fd").Index(fd).Deref().Member("private_data").ToUInt64();
        ulong sock = Crashdive.Kernel.KObject.Reference(k, k.Type("struct socket"), socket).Member("sk").ToUInt64();
        string output = CommandRunner.RunOk(k, $"foreach net -s -R {sock:x}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"PID: {pid,-7}", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{fd,2}  {socket:x16}  {sock:x16}  INET:STREAM ", lines[2], StringComparison.Ordinal);
    }

    // /proc/net/tcp's "0100007F:1388": the address as the host's u32 in hex (little-endian), the port in hex
    private static string Endpoint(string hex)
    {
        string[] p = hex.Split(':');
        uint a = uint.Parse(p[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        int port = int.Parse(p[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return $"{a & 0xff}.{(a >> 8) & 0xff}.{(a >> 16) & 0xff}.{a >> 24}-{port}";
    }
}
