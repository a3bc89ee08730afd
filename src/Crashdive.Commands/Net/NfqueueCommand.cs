using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Net;
using Crashdive.Kernel;

namespace Crashdive.Commands.Net;

/// <summary><c>nfqueue</c>: NFQUEUE instances of every network namespace, their queued packets, pcap export.</summary>
public sealed class NfqueueCommand : ICommand
{
    /// <summary>The synopsis.</summary>
    public const string Synopsis = "[-e] [-w file [-f]]";

    /// <inheritdoc/>
    public string Name => "nfqueue";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "nfqueue",
        Summary = "NFQUEUE instances and their queued packets (crashdive)",
        Synopsis = Synopsis,
        Description = """
            Not a crash command. Lists every nfnetlink_queue instance in every network namespace with the
            columns of /proc/net/netfilter/nfnetlink_queue: the namespace, the instance, its queue number, the
            netlink port id of the program bound to it, the copy mode and range, the packets waiting for a
            verdict (TOTAL) against the maximum, the drop counters and the last packet id.

            The module's types come from nfnetlink_queue.ko, looked for next to the vmlinux, in its modules/
            directory, in $CRASHDIVE_MODULE_PATH, then under /usr/lib/debug/lib/modules/RELEASE and
            /lib/modules/RELEASE.
            """,
        Options =
        [
            new("-e", null, "also every queued packet: entry, packet id, hook, family, input and output devices, the sk_buff and a one-line decode"),
            new("-w", "file", "write the queued packets to file: pcap, or pcapng with comments when the name ends in .pcapng"),
            new("-f", null, "replace file when it exists (it is never replaced otherwise)"),
        ],
        Examples =
        [
            new("nfqueue -e", "the instances and each packet waiting for a verdict"),
            new("nfqueue -e -w /tmp/queued.pcap", "the same, and the packets saved for Wireshark"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        var errors = parsed.Errors.ToList();
        if (parsed.Words.Count > 0)
            errors.Add($"unexpected argument: {parsed.Words[0]}");
        if (errors.Count > 0)
            throw new CommandException(string.Join("\nnfqueue: ", errors) + "\n" + CrashText.Usage(Name, Synopsis));
        bool entries = false, force = false;
        string? file = null;
        foreach (var (letter, value) in parsed.Options)
        {
            switch (letter)
            {
                case 'e': entries = true; break;
                case 'f': force = true; break;
                case 'w': file = value; break;
            }
        }
        var kernel = context.Kernel;
        var o = context.Out;
        try
        {
            if (file != null)
                PacketExport.CheckTarget(file, force);
            var packets = new List<(ulong, string)>();
            bool any = false;
            foreach (NfqnlInstance q in Nfqueue.Instances(kernel))
            {
                if (!any || entries)
                    o.Write($"{(any ? "\n" : "")}      NET             INSTANCE       QUEUE  PORTID COPY_MODE RANGE  TOTAL MAXLEN DROPPED USER_DROPPED ID_SEQ\n");
                any = true;
                o.Write($"{q.Net:x16}  {q.Object.Address:x16}  {q.QueueNum,5}  {q.PeerPortId,6} {q.CopyModeName,-9} {q.CopyRange,5}  {q.QueueTotal,5} {q.QueueMaxLen,6} {q.QueueDropped,7} {q.QueueUserDropped,12} {q.IdSequence,6}\n");
                if (!entries && file == null)
                    continue;
                if (entries)
                    o.Write("      ENTRY          ID  HOOK          PF     IN      OUT         SK_BUFF\n");
                int n = 0;
                try
                {
                    foreach (NfQueueEntry e in Nfqueue.Entries(q))
                    {
                        context.Cancellation.ThrowIfCancellationRequested();
                        n++;
                        packets.Add((e.Skb, $"queue {q.QueueNum} entry 0x{e.Address:x} id {e.Id} hook {e.HookName} in {Dash(e.InDevice)} out {Dash(e.OutDevice)} netns 0x{q.Net:x}"));
                        if (!entries)
                            continue;
                        o.Write($"{e.Address:x16} {e.Id,5}  {e.HookName,-13} {e.PfName,-6} {Dash(e.InDevice),-7} {Dash(e.OutDevice),-7} {e.Skb:x16}\n");
                        o.Write($"    {SkbDisplay.Summary(kernel, e.Skb)}\n");
                    }
                }
                catch (Helpers.Lists.ListWalkException ex)
                {
                    o.Write($"    queue walk stopped: {ex.Message}\n");
                }
                if (entries && n != q.QueueTotal)
                    o.Write($"    WARNING: {n} entries on queue_list, queue_total says {q.QueueTotal}\n");
            }
            if (!any)
                o.Write("no NFQUEUE instances\n");
            if (file != null)
                PacketExport.Write(context, file, force, packets);
        }
        catch (Exception e) when (e is NetException or KernelObjectException or Dumps.MemoryFaultException or Helpers.Lists.ListWalkException)
        {
            throw new CommandException(e.Message);
        }
    }

    private static string Dash(string s) => s.Length == 0 ? "-" : s;
}
