using Crashdive.Helpers.Fs;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Net;

/// <summary>Sockets: from an open file to <c>struct socket</c> and <c>struct sock</c>, their addresses and queues.</summary>
public static class Sockets
{
    private const uint SIfMt = 0xf000, SIfSock = 0xc000;
    private const int IpProtoTcp = 6, IpProtoUdp = 17, IpProtoUdpLite = 136;

    /// <summary>
    /// The <c>struct socket</c> behind <paramref name="file"/> (<c>struct file</c>), or null when the file is not a
    /// socket: its inode (<c>f_inode</c>, or <c>f_path.dentry-&gt;d_inode</c>) must be S_IFSOCK, and the socket is
    /// the <c>struct socket_alloc</c> that holds that inode, as crash finds it.
    /// </summary>
    public static KObject? SocketOfFile(KObject file)
    {
        KObject inodePtr = file.HasMember("f_inode") ? file.Member("f_inode") : file.Member("f_path.dentry.d_inode");
        ulong inode = inodePtr.ToUInt64();
        if (inode == 0)
            return null;
        KObject ino = inodePtr.Deref();
        if (((uint)ino.Member("i_mode").ToUInt64() & SIfMt) != SIfSock)
            return null;
        var kernel = file.Kernel;
        CType alloc = kernel.Type("struct socket_alloc");
        KObject sa = KObject.Reference(kernel, alloc, inode).ContainerOf(alloc, "vfs_inode");
        return sa.Member("socket");
    }

    /// <summary>The sockets among <paramref name="task"/>'s open files: (fd, <c>struct socket</c>, <c>struct sock</c> address).</summary>
    public static IEnumerable<(int Fd, KObject Socket, ulong Sock)> OfTask(KObject task)
    {
        foreach (var (fd, file) in FileTable.Open(task))
        {
            if (SocketOfFile(file) is KObject socket)
                yield return (fd, socket, socket.Member("sk").ToUInt64());
        }
    }

    /// <summary>The <c>struct sock</c> at <paramref name="address"/>.</summary>
    public static KObject Sock(KernelProgram kernel, ulong address) => KObject.Reference(kernel, kernel.Type("struct sock"), address);

    /// <summary>Family, type, protocol, state, addresses and ports of <paramref name="sock"/> (<c>struct sock</c>).</summary>
    public static SockInfo Describe(KObject sock)
    {
        var kernel = sock.Kernel;
        int family = (int)sock.Member("__sk_common.skc_family").ToUInt64();
        int type = (int)sock.Member("sk_type").ToUInt64();
        int protocol = (int)sock.Member("sk_protocol").ToUInt64();
        int state = (int)sock.Member("__sk_common.skc_state").ToUInt64();
        byte[] local = [], remote = [];
        ushort sport = 0, dport = 0;
        if (family is SockInfo.AfInet or SockInfo.AfInet6)
        {
            KObject inet = KObject.Reference(kernel, kernel.Type("struct inet_sock"), sock.Address);
            sport = (ushort)(inet.HasMember("inet_sport") ? inet.Member("inet_sport") : inet.Member("sport")).ToUInt64();
            dport = (ushort)sock.Member("__sk_common.skc_dport").ToUInt64();
            if (family == SockInfo.AfInet)
            {
                local = U32Bytes((uint)sock.Member("__sk_common.skc_rcv_saddr").ToUInt64());
                remote = U32Bytes((uint)sock.Member("__sk_common.skc_daddr").ToUInt64());
            }
            else if (sock.HasMember("__sk_common") && sock.Member("__sk_common").HasMember("skc_v6_rcv_saddr"))
            {
                local = sock.Member("__sk_common.skc_v6_rcv_saddr").ReadBytes();
                remote = sock.Member("__sk_common.skc_v6_daddr").ReadBytes();
            }
        }
        return new SockInfo(sock.Address, family, type, protocol, state, local, remote, Swap(sport), Swap(dport), sport, dport);
    }

    /// <summary>
    /// The packet queues of <paramref name="sock"/> (<c>struct sock</c>), each a <c>struct sk_buff_head</c>:
    /// <c>sk_receive_queue</c>, <c>sk_write_queue</c>, <c>sk_error_queue</c>, and for UDP sockets (4.13+)
    /// <c>udp_sock.reader_queue</c>, where recvmsg moves datagrams it has started on.
    /// </summary>
    public static IReadOnlyList<(string Name, KObject Head)> Queues(KObject sock)
    {
        var queues = new List<(string, KObject)>
        {
            ("receive", sock.Member("sk_receive_queue")),
            ("write", sock.Member("sk_write_queue")),
            ("error", sock.Member("sk_error_queue")),
        };
        int family = (int)sock.Member("__sk_common.skc_family").ToUInt64();
        int protocol = (int)sock.Member("sk_protocol").ToUInt64();
        if (family is SockInfo.AfInet or SockInfo.AfInet6 && protocol is IpProtoUdp or IpProtoUdpLite
            && sock.Kernel.FindType("struct udp_sock") is CType udp && udp.Underlying() is StructType s && s.HasMember("reader_queue"))
            queues.Add(("reader", KObject.Reference(sock.Kernel, udp, sock.Address).Member("reader_queue")));
        return queues;
    }

    /// <summary>
    /// The rb-tree packet queues of a TCP socket (<c>struct rb_root</c>): <c>tcp_rtx_queue</c> (sent, not yet
    /// acknowledged; 4.15+) and <c>tcp_sock.out_of_order_queue</c> (received past a hole). Empty for other sockets.
    /// </summary>
    public static IReadOnlyList<(string Name, KObject Root)> RbTreeQueues(KObject sock)
    {
        var queues = new List<(string, KObject)>();
        int family = (int)sock.Member("__sk_common.skc_family").ToUInt64();
        int protocol = (int)sock.Member("sk_protocol").ToUInt64();
        if (family is not (SockInfo.AfInet or SockInfo.AfInet6) || protocol != IpProtoTcp || (int)sock.Member("sk_type").ToUInt64() != 1)
            return queues;
        if (sock.HasMember("tcp_rtx_queue"))
            queues.Add(("retransmit", sock.Member("tcp_rtx_queue")));
        if (sock.Kernel.FindType("struct tcp_sock") is CType tcp && tcp.Underlying() is StructType s && s.HasMember("out_of_order_queue"))
            queues.Add(("out-of-order", KObject.Reference(sock.Kernel, tcp, sock.Address).Member("out_of_order_queue")));
        return queues;
    }

    private static byte[] U32Bytes(uint v) => [(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)];

    private static int Swap(ushort v) => (ushort)((v >> 8) | (v << 8));
}
