using Crashdive.Helpers.Net.Packets;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Net;

/// <summary>
/// The typed face of the packet helpers, for commands and scripts alike: the sk_buffs a socket holds,
/// one packet read and decoded, and a capture file written from sk_buffs.
/// </summary>
public static class PacketCapture
{
    /// <summary>
    /// Every sk_buff queued on <paramref name="sock"/> (<c>struct sock</c>) with the name of its queue: the
    /// <c>sk_buff_head</c> queues of <see cref="Sockets.Queues"/>, then TCP's rb-tree queues. A broken link
    /// ends that queue's walk with a <see cref="Lists.ListWalkException"/> after what was read.
    /// </summary>
    public static IEnumerable<(string Queue, ulong Skb)> SocketSkbs(KObject sock)
    {
        foreach (var (name, head) in Sockets.Queues(sock))
        {
            foreach (ulong skb in SkbQueues.Walk(head))
                yield return (name, skb);
        }
        foreach (var (name, root) in Sockets.RbTreeQueues(sock))
        {
            foreach (ulong skb in SkbQueues.WalkRbTree(root))
                yield return (name, skb);
        }
    }

    /// <summary>
    /// Reads the sk_buff at <paramref name="address"/>, its packet and their decode. A pointer that cannot be
    /// an sk_buff is a <see cref="NetException"/> naming what was inconsistent; an unreadable one a
    /// <see cref="Dumps.MemoryFaultException"/>.
    /// </summary>
    public static (SkbLayout Skb, SkbPacket Packet, DecodedPacket Decoded) Read(KernelProgram kernel, ulong address)
    {
        SkbLayout s = SkBuffs.Read(kernel, address);
        if (SkbChecks.Refusal(s) is string refusal)
            throw new NetException(refusal);
        SkbPacket p = SkbBytes.Packet(kernel, s);
        return (s, p, PacketDecoder.Decode(p.Bytes, p.LinkType));
    }

    /// <summary>
    /// Writes the packets of <paramref name="skbs"/> to <paramref name="path"/> (pcap, or pcapng when the name
    /// ends in .pcapng, with each packet's comment saying where it was found). An existing file is refused
    /// with a <see cref="NetException"/> unless <paramref name="overwrite"/>; an sk_buff that cannot be read is
    /// left out and reported; a truncated packet is written short with its full length and a note.
    /// <paramref name="report"/> gets one line per note or skipped sk_buff. Returns the number written.
    /// </summary>
    public static int Write(KernelProgram kernel, string path, bool overwrite, IEnumerable<(ulong Skb, string Where)> skbs, Action<string> report)
    {
        if (!overwrite && (File.Exists(path) || Directory.Exists(path)))
            throw new NetException($"{path}: file exists (use -f to overwrite)");
        var records = new List<PcapRecord>();
        foreach (var (address, where) in skbs)
        {
            try
            {
                var (s, p, _) = Read(kernel, address);
                string comment = $"sk_buff 0x{address:x} {where}" + (p.Truncated ? $"; truncated: {string.Join("; ", p.Notes)}" : "");
                foreach (string note in p.Notes)
                    report($"skb {address:x}: {note}");
                records.Add(new PcapRecord(p.Bytes, p.LinkType, p.OriginalLength, s.Timestamp, comment));
            }
            catch (NetException e)
            {
                report($"skipped: {e.Message}");
            }
            catch (Dumps.MemoryFaultException e)
            {
                report($"skipped: 0x{address:x} is not a readable sk_buff: {e.Message}");
            }
        }
        try
        {
            PcapWriter.Write(path, records, overwrite);
        }
        catch (IOException e) when (!overwrite && File.Exists(path))
        {
            throw new NetException($"{path}: file exists (use -f to overwrite): {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NetException($"{path}: {e.Message}");
        }
        return records.Count;
    }
}
