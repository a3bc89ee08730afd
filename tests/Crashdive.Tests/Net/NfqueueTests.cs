using System.Buffers.Binary;
using System.Globalization;
using Crashdive.Tests.Commands;
using Crashdive.Tests.Symbols;

namespace Crashdive.Tests.Net;

/// <summary>
/// <c>nfqueue</c> on the real dumps: the guest bound queue 0 and queued three UDP packets to port 9999
/// (its FX lines and /proc/net/netfilter/nfnetlink_queue say what they hold); the pcap written from them
/// is read back by tshark.
/// </summary>
public sealed class NfqueueTests(NetKernels kernels) : IClassFixture<NetKernels>
{
    public static TheoryData<string> Dumps => NetKernels.Dumps;

    [Theory]
    [MemberData(nameof(Dumps))]
    public void InstanceMatchesProcNfnetlinkQueue(string dump)
    {
        var truth = NetKernels.TruthOf(dump);
        // queue_num peer_portid queue_total copy_mode copy_range queue_dropped queue_user_dropped id_sequence 1
        string[] proc = truth.Section("/proc/net/netfilter/nfnetlink_queue").Single(l => l.Trim().Length > 0)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string output = CommandRunner.RunOk(kernels.Get(dump), "nfqueue");
        string[] rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length); // header and the one instance
        string[] f = rows[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // NET INSTANCE QUEUE PORTID COPY_MODE RANGE TOTAL MAXLEN DROPPED USER_DROPPED ID_SEQ
        Assert.Equal(proc[0], f[2]);
        Assert.Equal(proc[1], f[3]);
        Assert.Equal(NetKernels.Fx(truth, "FX nfq pid=", "pid"), f[3]); // the peer port id is the binding program's pid
        Assert.Equal(proc[3] switch { "0" => "NONE", "1" => "META", "2" => "PACKET", _ => "?" }, f[4]);
        Assert.Equal(proc[4], f[5]);
        Assert.Equal(proc[2], f[6]);
        Assert.Equal("3", f[6]);
        Assert.Equal(proc[5], f[8]);
        Assert.Equal(proc[6], f[9]);
        Assert.Equal(proc[7], f[10]);
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void EntriesCarryTheQueuedPayloads(string dump)
    {
        var truth = NetKernels.TruthOf(dump);
        var queued = NetKernels.NfqQueued(truth);
        Assert.Equal(3, queued.Count);
        string output = CommandRunner.RunOk(kernels.Get(dump), "nfqueue -e");
        var entries = output.Split('\n').Where(l => l.Contains("LOCAL_OUT", StringComparison.Ordinal)).ToList();
        Assert.Equal(queued.Select(q => q.Id.ToString(CultureInfo.InvariantCulture)), entries.Select(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
        var decoded = output.Split('\n').Where(l => l.Contains("UDP", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, decoded.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.Contains("> 9999 ", decoded[i], StringComparison.Ordinal);
            Assert.EndsWith($"payload {queued[i].Payload.Length} \"{queued[i].Payload}\"", decoded[i], StringComparison.Ordinal);
        }
        // the hook's output device is the loopback (the packets go to 127.0.0.1)
        Assert.All(entries, e => Assert.Contains(" lo ", e, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void PcapHoldsTheThreeUdpPackets(string dump)
    {
        var truth = NetKernels.TruthOf(dump);
        var queued = NetKernels.NfqQueued(truth);
        using var dir = new TempDirectory();
        string pcap = dir.File("out.pcap");
        string output = CommandRunner.RunOk(kernels.Get(dump), $"nfqueue -e -w {pcap}");
        Assert.Contains($"3 packets written to {pcap}", output, StringComparison.Ordinal);
        var records = ReadPcap(File.ReadAllBytes(pcap), out int linkType);
        Assert.Equal(101, linkType); // LOCAL_OUT packets have no MAC header yet: raw IP
        Assert.Equal(3, records.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(int.Parse(NetKernels.Fx(truth, $"FX nfq queued id={queued[i].Id} ", "iplen"), CultureInfo.InvariantCulture), records[i].Length);
            Assert.EndsWith(queued[i].Payload, System.Text.Encoding.ASCII.GetString(records[i]), StringComparison.Ordinal);
        }
        if (Tshark.Find() is not string tshark)
            return; // the bytes were checked above; tshark adds Wireshark's own reading where it is installed
        var rows = Tshark.Fields(tshark, pcap, "ip.proto", "udp.dstport", "data.data");
        Assert.Equal(queued.Select(q => new[] { "17", "9999", Tshark.Hex(q.Payload) }), rows);
    }

    [Fact]
    public void ExistingFileIsNotOverwrittenWithoutF()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        using var dir = new TempDirectory();
        string path = dir.Write("keep.pcap", "keep me"u8.ToArray());
        string output = CommandRunner.Run(kernels.Get(dump), $"nfqueue -w {path}");
        Assert.Equal($"nfqueue: {path}: file exists (use -f to overwrite)\n", output);
        Assert.Equal("keep me", File.ReadAllText(path));
        CommandRunner.RunOk(kernels.Get(dump), $"nfqueue -f -w {path}");
        Assert.Equal(3, ReadPcap(File.ReadAllBytes(path), out _).Count);
    }

    [Fact]
    public void PcapngCommentsNameWhereEachPacketWasFound()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        string tshark = Tshark.Find() ?? throw new Xunit.Sdk.XunitException("tshark is needed to read pcapng comments (Debian package tshark)");
        using var dir = new TempDirectory();
        string path = dir.File("out.pcapng");
        CommandRunner.RunOk(kernels.Get(dump), $"nfqueue -w {path}");
        var rows = Tshark.Fields(tshark, path, "frame.comment", "udp.dstport");
        Assert.Equal(3, rows.Count);
        foreach (var (row, id) in rows.Zip(NetKernels.NfqQueued(NetKernels.TruthOf(dump)).Select(q => q.Id)))
        {
            Assert.Matches($"^sk_buff 0x[0-9a-f]+ queue 0 entry 0x[0-9a-f]+ id {id} hook LOCAL_OUT in - out lo netns 0x[0-9a-f]+$", row[0]);
            Assert.Equal("9999", row[1]);
        }
    }

    [Fact]
    public void NfnlQueueNetIdComesFromTheModuleAtItsLoadAddress()
    {
        // the module's DWARF, relocated to where the module was loaded, places nfnl_queue_net_id where
        // the guest's /proc/kallsyms said, and its value is what crash prints
        const string dump = "kdump/vmcore.kdump-zlib";
        var kernel = kernels.Get(dump);
        Crashdive.Helpers.Net.ModuleDebugLoader.Ensure(kernel, "nfnetlink_queue");
        var v = kernel.Variable("nfnl_queue_net_id");
        Assert.Equal(NetKernels.TruthOf(dump).Kallsyms["nfnl_queue_net_id"], v.Address);
        string crash = Fixtures.CrashReference(dump, "p nfnl_queue_net_id"); // nfnl_queue_net_id = $3 = 10
        Assert.EndsWith($"= {v.ToUInt64()}\n", crash, StringComparison.Ordinal);
    }

    private static List<byte[]> ReadPcap(byte[] file, out int linkType)
    {
        Assert.Equal(0xa1b2c3d4u, BinaryPrimitives.ReadUInt32LittleEndian(file));
        linkType = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20));
        var list = new List<byte[]>();
        for (int at = 24; at < file.Length;)
        {
            int incl = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8));
            list.Add(file[(at + 16)..(at + 16 + incl)]);
            at += 16 + incl;
        }
        return list;
    }
}
