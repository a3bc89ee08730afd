using System.Globalization;
using System.Text.RegularExpressions;
using Crashdive.Helpers.Net;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;
using Crashdive.Tests.Commands;

namespace Crashdive.Tests.Net;

/// <summary>
/// <c>skb</c> on the real dumps: the unread TCP bytes and UDP datagrams the guest left on its sockets
/// (FX lines) come out of <c>skb -s</c>; healthy sk_buffs pass <c>-c</c>; pointers that are not sk_buffs are refused.
/// </summary>
public sealed class SkbTests(NetKernels kernels) : IClassFixture<NetKernels>
{
    public static TheoryData<string> Dumps => NetKernels.Dumps;

    private static ulong SockOf(KernelProgram kernel, int pid, int fd)
    {
        KObject task = Tasks.FindByPid(kernel, pid) ?? throw new Xunit.Sdk.XunitException($"no task {pid}");
        return Sockets.OfTask(task).Single(s => s.Fd == fd).Sock;
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static List<string> Payloads(string output) =>
        output.Split('\n').Select(l => Regex.Match(l, "payload \\d+ \"(.*)\"$")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

    [Theory]
    [MemberData(nameof(Dumps))]
    public void UdpReceiveQueueHoldsTheTwoUnreadDatagrams(string dump)
    {
        var truth = NetKernels.TruthOf(dump);
        var kernel = kernels.Get(dump);
        ulong sock = SockOf(kernel, Int(NetKernels.Fx(truth, "FX udp-recv pid=", "pid")), Int(NetKernels.Fx(truth, "FX udp-recv pid=", "fd")));
        string output = CommandRunner.RunOk(kernel, $"skb -s {sock:x}");
        Assert.Contains("  receive queue (", output, StringComparison.Ordinal);
        Assert.Equal(NetKernels.UdpSent(truth, "127.0.0.1:6000"), Payloads(output));
        Assert.Contains("): qlen 2\n", output, StringComparison.Ordinal);
        Assert.All(output.Split('\n').Where(l => l.Contains("payload", StringComparison.Ordinal)), l => Assert.Contains("> 6000 ", l, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void TcpReceiveQueueHoldsTheClientsUnreadBytes(string dump)
    {
        var truth = NetKernels.TruthOf(dump);
        var kernel = kernels.Get(dump);
        string pid = NetKernels.Fx(truth, "FX tcp-server pid=", "pid");
        int fd = Int(NetKernels.Fx(truth, $"FX tcp-server pid={pid} accepted", "fd"));
        ulong sock = SockOf(kernel, Int(pid), fd);
        string sent = NetKernels.Fx(truth, "FX tcp-client pid=", "sent");
        string output = CommandRunner.RunOk(kernel, $"skb -s {sock:x}");
        Assert.Contains("ESTABLISHED", output.Split('\n')[0], StringComparison.Ordinal);
        Assert.Equal([sent], Payloads(output));
        // the bytes sit in a page frag (tcp_sendmsg copies into page frags): the packet joins head and frag
        ulong skb = ulong.Parse(Regex.Match(output, @"\n    ([0-9a-f]{16})  len").Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        string full = CommandRunner.RunOk(kernel, $"skb {skb:x}");
        Assert.Contains("nr_frags 1", full, StringComparison.Ordinal);
        Assert.Contains($"TCP ", full, StringComparison.Ordinal);
        Assert.Contains($" > 5000 [PSH,ACK]", full, StringComparison.Ordinal);
        Assert.Contains($"payload: {sent.Length} bytes \"{sent}\"", full, StringComparison.Ordinal);
        Assert.Equal($"sk_buff {skb:x}: consistent\n", CommandRunner.RunOk(kernel, $"skb -c {skb:x}"));
    }

    [Fact]
    public void SocketAddressWorksAsWellAsSock()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        var truth = NetKernels.TruthOf(dump);
        var kernel = kernels.Get(dump);
        KObject task = Tasks.FindByPid(kernel, Int(NetKernels.Fx(truth, "FX udp-recv pid=", "pid")))!.Value;
        var (_, socket, sock) = Sockets.OfTask(task).Single();
        Assert.Equal(CommandRunner.RunOk(kernel, $"skb -s {sock:x}"), CommandRunner.RunOk(kernel, $"skb -s {socket.Address:x}"));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void QueuedPacketsAreConsistent(string dump)
    {
        var kernel = kernels.Get(dump);
        foreach (var q in Nfqueue.Instances(kernel))
        {
            foreach (var e in Nfqueue.Entries(q))
                Assert.Equal($"sk_buff {e.Skb:x}: consistent\n", CommandRunner.RunOk(kernel, $"skb -c {e.Skb:x}"));
        }
    }

    [Fact]
    public void NonSkbPointersAreRefused()
    {
        var kernel = kernels.Get("kdump/vmcore.kdump-zlib");
        // a task_struct: its "head" word is 0 and its "end" far past any buffer
        string output = CommandRunner.Run(kernel, "skb init_task");
        Assert.StartsWith("skb: 0x", output, StringComparison.Ordinal);
        Assert.Contains("is not a valid sk_buff: head is NULL", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // an nf_queue_entry: a real kernel object, but its fields read as an sk_buff do not hold together
        var entry = Nfqueue.Entries(Nfqueue.Instances(kernel).First()).First();
        string refused = CommandRunner.Run(kernel, $"skb {entry.Address:x}");
        Assert.Matches("^skb: 0x[0-9a-f]+ is not a valid sk_buff: .+\n$", refused);
        string check = CommandRunner.RunOk(kernel, $"skb -c {entry.Address:x}");
        Assert.Contains("NOT AN SK_BUFF: ", check, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteRefusesAnExistingFileBeforeReadingAnything()
    {
        var kernel = kernels.Get("kdump/vmcore.kdump-zlib");
        using var dir = new Symbols.TempDirectory();
        string path = dir.Write("x.pcap", [1, 2, 3]);
        Assert.Equal($"skb: {path}: file exists (use -f to overwrite)\n", CommandRunner.Run(kernel, $"skb -w {path} init_task"));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void GsoNamesAreTheKernelsEnumerators()
    {
        var vmlinux = kernels.Get("kdump/vmcore.kdump-zlib").RequireVmlinux();
        for (int bit = 0; bit < 19; bit++)
        {
            string name = GsoNames.Decode(1u << bit).Single();
            var e = vmlinux.FindEnumerator("SKB_GSO_" + name);
            Assert.True(e != null, $"SKB_GSO_{name} not in the 6.1 debuginfo");
            Assert.Equal(1L << bit, e!.Enumerator.Value);
        }
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void BacklogsAreListedForEveryCpu(string dump)
    {
        int cpus = NetKernels.TruthOf(dump).Cpus;
        string output = CommandRunner.RunOk(kernels.Get(dump), "skb -b");
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            Assert.Matches($"(^|\n)CPU {cpu} input_pkt_queue \\([0-9a-f]+\\): qlen \\d+\n", output);
            Assert.Matches($"(^|\n)CPU {cpu} process_queue \\([0-9a-f]+\\): qlen \\d+\n", output);
        }
        Assert.Equal(2 * cpus, output.Split('\n').Count(l => l.StartsWith("CPU ", StringComparison.Ordinal)));
    }

    [Fact]
    public void UnreadableFragPageGivesATruncatedPacketWithANote()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        var truth = NetKernels.TruthOf(dump);
        var kernel = kernels.Get(dump);
        string pid = NetKernels.Fx(truth, "FX tcp-server pid=", "pid");
        ulong sock = SockOf(kernel, Int(pid), Int(NetKernels.Fx(truth, $"FX tcp-server pid={pid} accepted", "fd")));
        ulong skbAddress = SkbQueues.Walk(Sockets.Sock(kernel, sock).Member("sk_receive_queue")).Single();
        SkbLayout real = SkBuffs.Read(kernel, skbAddress);
        SkbPacket whole = SkbBytes.Packet(kernel, real);
        Assert.False(whole.Truncated);
        // the same sk_buff with its frag moved to a page the dump does not hold
        ulong nowhere = kernel.Regions.VmallocEnd - 0x10_0000;
        Assert.False(kernel.Memory.TryRead(nowhere, new byte[1]));
        var broken = real with { Frags = [real.Frags[0] with { Data = nowhere, Offset = 0 }] };
        SkbPacket cut = SkbBytes.Packet(kernel, broken);
        Assert.True(cut.Truncated);
        Assert.Equal(whole.Bytes.Length - (int)real.Frags[0].Size, cut.Bytes.Length);
        Assert.Equal(whole.OriginalLength, cut.OriginalLength);
        Assert.Equal(whole.Bytes[..cut.Bytes.Length], cut.Bytes);
        Assert.Contains(cut.Notes, n => n.StartsWith($"frag 0 of sk_buff 0x{skbAddress:x}", StringComparison.Ordinal) && n.EndsWith("packet truncated", StringComparison.Ordinal));
        // written to pcap as a short capture of the full length
        var ms = new MemoryStream();
        Crashdive.Helpers.Net.Packets.PcapWriter.WritePcap(ms, [new(cut.Bytes, cut.LinkType, cut.OriginalLength, 0, "")]);
        byte[] f = ms.ToArray();
        Assert.Equal((uint)cut.Bytes.Length, BitConverter.ToUInt32(f, 24 + 8));
        Assert.Equal((uint)whole.Bytes.Length, BitConverter.ToUInt32(f, 24 + 12));
    }

    [Fact]
    public void OutOfBandVlanTagIsPutBackIntoTheFrame()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        var truth = NetKernels.TruthOf(dump);
        var kernel = kernels.Get(dump);
        ulong sock = SockOf(kernel, Int(NetKernels.Fx(truth, "FX udp-recv pid=", "pid")), Int(NetKernels.Fx(truth, "FX udp-recv pid=", "fd")));
        ulong skbAddress = SkbQueues.Walk(Sockets.Sock(kernel, sock).Member("sk_receive_queue")).First();
        SkbLayout real = SkBuffs.Read(kernel, skbAddress);
        Assert.False(real.VlanPresent); // loopback traffic carries no tag
        SkbPacket plain = SkbBytes.Packet(kernel, real);
        Assert.Equal(SkbPacket.Ethernet, plain.LinkType);
        SkbPacket tagged = SkbBytes.Packet(kernel, real with { VlanPresent = true, VlanProto = 0x8100, VlanTci = 0x2064 });
        Assert.Equal(plain.Bytes.Length + 4, tagged.Bytes.Length);
        Assert.Equal(plain.OriginalLength + 4, tagged.OriginalLength);
        Assert.Equal(new byte[] { 0x81, 0x00, 0x20, 0x64 }, tagged.Bytes[12..16]);
        Assert.Equal(plain.Bytes[12..], tagged.Bytes[16..]);
        var d = Crashdive.Helpers.Net.Packets.PacketDecoder.Decode(tagged.Bytes, tagged.LinkType);
        Assert.Contains(" vlan 100 pcp 1 type 0x0800 (IPv4)", d.Lines[0], StringComparison.Ordinal);
        Assert.Equal(NetKernels.UdpSent(truth, "127.0.0.1:6000")[0], System.Text.Encoding.ASCII.GetString(Crashdive.Helpers.Net.Packets.PacketDecoder.Payload(d, tagged.Bytes)));
    }
}
