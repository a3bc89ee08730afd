using System.Globalization;
using System.Text.RegularExpressions;
using Crashdive.Helpers.Net;
using Crashdive.Helpers.Tasks;
using Crashdive.Tests.Commands;

namespace Crashdive.Tests.Net;

/// <summary><c>skb -w</c> with <c>-f</c> and with the softnet backlogs as the source, read back by tshark where installed.</summary>
public sealed class SkbWriteTests(NetKernels kernels) : IClassFixture<NetKernels>
{
    [Fact]
    public void ForceOverwritesAnExistingFileWithTheSocketsPackets()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        var truth = NetKernels.TruthOf(dump);
        var kernel = kernels.Get(dump);
        var task = Tasks.FindByPid(kernel, int.Parse(NetKernels.Fx(truth, "FX udp-recv pid=", "pid"), CultureInfo.InvariantCulture))!.Value;
        ulong sock = Sockets.OfTask(task).Single().Sock;
        using var dir = new Symbols.TempDirectory();
        string path = dir.Write("old.pcap", [1, 2, 3]);
        Assert.Equal($"skb: {path}: file exists (use -f to overwrite)\n", CommandRunner.Run(kernel, $"skb -s {sock:x} -w {path}"));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal($"2 packets written to {path}\n", CommandRunner.RunOk(kernel, $"skb -s {sock:x} -w {path} -f"));
        Assert.Equal(0xa1b2c3d4u, BitConverter.ToUInt32(File.ReadAllBytes(path), 0));
        if (Tshark.Find() is not string tshark)
            return;
        var rows = Tshark.Fields(tshark, path, "udp.dstport", "data.data");
        Assert.Equal(NetKernels.UdpSent(truth, "127.0.0.1:6000").Select(p => $"6000\t{Tshark.Hex(p)}"), rows.Select(r => string.Join('\t', r)));
    }

    [Theory]
    [MemberData(nameof(NetKernels.Dumps), MemberType = typeof(NetKernels))]
    public void BacklogPacketsAreWritten(string dump)
    {
        var kernel = kernels.Get(dump);
        string listing = CommandRunner.RunOk(kernel, "skb -b");
        int queued = Regex.Matches(listing, @": qlen (\d+)\n").Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        // every packet listed under a queue is one of its qlen
        Assert.Equal(queued, listing.Split('\n').Count(l => l.StartsWith("    ", StringComparison.Ordinal) && !l.Contains("walk stopped", StringComparison.Ordinal)));
        using var dir = new Symbols.TempDirectory();
        string path = dir.File("backlog.pcapng");
        Assert.Equal($"{queued} packet{(queued == 1 ? "" : "s")} written to {path} (pcapng)\n", CommandRunner.RunOk(kernel, $"skb -b -w {path}"));
        if (Tshark.Find() is string tshark)
            Assert.Equal(queued, Tshark.Fields(tshark, path, "frame.number").Count);
    }
}
