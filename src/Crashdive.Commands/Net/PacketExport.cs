using Crashdive.Helpers.Net;
using Crashdive.Helpers.Net.Packets;
using Crashdive.Kernel;

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
    /// Reads each sk_buff's packet and writes them all; an sk_buff that cannot be read is reported and left
    /// out, a truncated one is written short with its note. Returns the number written.
    /// </summary>
    public static int Write(CommandContext context, string path, bool overwrite, IEnumerable<(ulong Skb, string Where)> skbs)
    {
        CheckTarget(path, overwrite);
        var records = new List<PcapRecord>();
        foreach (var (address, where) in skbs)
        {
            try
            {
                SkbLayout s = SkbDisplay.ReadChecked(context.Kernel, address);
                SkbPacket p = SkbBytes.Packet(context.Kernel, s);
                string comment = $"sk_buff 0x{address:x} {where}" + (p.Truncated ? $"; truncated: {string.Join("; ", p.Notes)}" : "");
                foreach (string note in p.Notes)
                    context.Out.Write($"skb {address:x}: {note}\n");
                records.Add(new PcapRecord(p.Bytes, p.LinkType, p.OriginalLength, s.Timestamp, comment));
            }
            catch (CommandException e)
            {
                context.Out.Write($"skipped: {e.Message}\n");
            }
        }
        try
        {
            PcapWriter.Write(path, records, overwrite);
        }
        catch (IOException e) when (!overwrite && File.Exists(path))
        {
            throw new CommandException($"{path}: file exists (use -f to overwrite): {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException($"{path}: {e.Message}");
        }
        context.Out.Write($"{records.Count} packet{(records.Count == 1 ? "" : "s")} written to {path}{(PcapWriter.WantsPcapng(path) ? " (pcapng)" : "")}\n");
        return records.Count;
    }
}
