using Crashdive.Helpers.Net;
using Crashdive.Helpers.Net.Packets;

namespace Crashdive.Commands.Net;

/// <summary>Writes the packets of sk_buffs to a pcap or pcapng file for <c>skb -w</c> and <c>nfqueue -w</c>.</summary>
public static class PacketExport
{
    /// <summary>Refuses an existing <paramref name="path"/> unless <paramref name="overwrite"/>, before anything is read.</summary>
    public static void CheckTarget(string path, bool overwrite)
    {
        if (!overwrite && (File.Exists(path) || Directory.Exists(path)))
            throw new CommandException($"{path}: file exists (use -f to overwrite)");
    }

    /// <summary>
    /// Reads each sk_buff's packet and writes them all (<see cref="PacketCapture.Write"/>); an sk_buff that
    /// cannot be read is reported and left out, a truncated one is written short with its note. Returns the
    /// number written.
    /// </summary>
    public static int Write(CommandContext context, string path, bool overwrite, IEnumerable<(ulong Skb, string Where)> skbs)
    {
        CheckTarget(path, overwrite);
        int n;
        try
        {
            n = PacketCapture.Write(context.Kernel, path, overwrite, skbs, line => context.Out.Write(line + "\n"));
        }
        catch (NetException e)
        {
            throw new CommandException(e.Message);
        }
        context.Out.Write($"{n} packet{(n == 1 ? "" : "s")} written to {path}{(PcapWriter.WantsPcapng(path) ? " (pcapng)" : "")}\n");
        return n;
    }
}
