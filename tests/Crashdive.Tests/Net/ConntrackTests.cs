using System.Buffers.Binary;
using Crashdive.Helpers.Net;
using Crashdive.Kernel;
using Crashdive.Tests.Commands;

namespace Crashdive.Tests.Net;

/// <summary>
/// Conntrack of an sk_buff (<c>_nfct</c>). The fixture guests do not load nf_conntrack (their lsmod says so),
/// so the queued packets carry none: <c>skb</c> says that. The decoder is checked on an nf_conn built in
/// memory with the 6.1 kernel's own <c>struct nf_conn</c> layout (its offsets from the debuginfo).
/// </summary>
public sealed class ConntrackTests(NetKernels kernels) : IClassFixture<NetKernels>
{
    [Theory]
    [MemberData(nameof(NetKernels.Dumps), MemberType = typeof(NetKernels))]
    public void QueuedPacketsHaveNoConntrackBecauseTheModuleIsNotLoaded(string dump)
    {
        var truth = NetKernels.TruthOf(dump);
        var kernel = kernels.Get(dump);
        Assert.DoesNotContain(truth.Section("lsmod"), l => l.StartsWith("nf_conntrack ", StringComparison.Ordinal));
        Assert.Contains(truth.Section("lsmod"), l => l.StartsWith("nfnetlink_queue ", StringComparison.Ordinal));
        Assert.False(Conntrack.Loaded(kernel));
        foreach (var q in Nfqueue.Instances(kernel))
        {
            foreach (var e in Nfqueue.Entries(q))
            {
                string output = CommandRunner.RunOk(kernel, $"skb {e.Skb:x}");
                Assert.Contains("  nfct 0\n  conntrack: none (nf_conntrack is not loaded in this kernel)\n", output, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void NfConnIsDecodedFromTheKernelsLayout()
    {
        var kernel = kernels.Get("kdump/vmcore.kdump-zlib");
        var type = kernel.Type("struct nf_conn");
        var bytes = new byte[type.Size!.Value];
        KObject at = KObject.Reference(kernel, type, 0);
        void U32(string path, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)at.Member(path).Address), v);
        void Tuple(int dir, byte[] src, ushort sport, byte[] dst, ushort dport)
        {
            KObject tuple = at.Member("tuplehash").Index(dir).Member("tuple");
            Bytes2(tuple.Member("src.u3").Address, src);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan((int)tuple.Member("src.u.all").Address), sport);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((int)tuple.Member("src.l3num").Address), 2);
            Bytes2(tuple.Member("dst.u3").Address, dst);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan((int)tuple.Member("dst.u.all").Address), dport);
            bytes[tuple.Member("dst.protonum").Address] = 6;
            bytes[tuple.Member("dst.dir").Address] = (byte)dir;
        }
        void Bytes2(ulong offset, byte[] v) => v.CopyTo(bytes, (int)offset);
        Tuple(0, [10, 0, 0, 1], 40000, [10, 0, 0, 2], 80);
        Tuple(1, [10, 0, 0, 2], 80, [192, 168, 1, 1], 40000); // reply to a NATed source
        U32("ct_general.use", 2);
        U32("mark", 0x2a);
        U32("timeout", 123456);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)at.Member("status").Address), 0x1be); // SEEN_REPLY|ASSURED|CONFIRMED|SRC_NAT|DST_NAT|SRC_NAT_DONE|DST_NAT_DONE

        var c = Conntrack.Decode(KObject.Value(kernel, type, bytes), 0xffff888012345600);
        Assert.Equal("tcp", c.ProtocolName);
        Assert.Equal("10.0.0.1:40000 > 10.0.0.2:80", c.Original.ToString());
        Assert.Equal("10.0.0.2:80 > 192.168.1.1:40000", c.Reply.ToString());
        Assert.Equal(2, c.Use);
        Assert.Equal(0x2au, c.Mark);
        Assert.Equal(123456u, c.Timeout);
        Assert.Equal(["SEEN_REPLY", "ASSURED", "CONFIRMED", "SRC_NAT", "DST_NAT", "SRC_NAT_DONE", "DST_NAT_DONE"], c.StatusNames);
    }

    [Fact]
    public void StatusNamesAreTheKernelsEnumerators()
    {
        var kernel = kernels.Get("kdump/vmcore.kdump-zlib");
        var vmlinux = kernel.RequireVmlinux();
        foreach (string name in new[] { "EXPECTED", "SEEN_REPLY", "ASSURED", "CONFIRMED", "DYING", "TEMPLATE", "HELPER", "OFFLOAD", "HW_OFFLOAD" })
        {
            long bit = vmlinux.FindEnumerator($"IPS_{name}_BIT")!.Enumerator.Value;
            Assert.Equal([name], Conntrack.StatusNames(kernel, 1UL << (int)bit));
        }
        // bit 12 was IPS_UNTRACKED, now IPS_NAT_CLASH: the later name wins
        Assert.Equal(["NAT_CLASH"], Conntrack.StatusNames(kernel, 1UL << 12));
        Assert.Equal(["bit40"], Conntrack.StatusNames(kernel, 1UL << 40));
    }
}
