using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Net;
using Crashdive.Kernel;

namespace Crashdive.Commands.Net;

/// <summary><c>skb</c>: decode sk_buffs, check their metadata, list a socket's queues, write packets to pcap.</summary>
public sealed partial class SkbCommand : ICommand
{
    /// <summary>The synopsis.</summary>
    public const string Synopsis = "[-x] [-c] [-w file [-f]] [-s sock] [-b] [address ...] | -t [pid | task ...] | -T";

    /// <inheritdoc/>
    public string Name => "skb";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "skb",
        Summary = "decode, check and export socket buffers (crashdive)",
        Synopsis = Synopsis,
        Description = """
            Not a crash command. Shows a struct sk_buff as the packet is read: len, data_len and truesize,
            head/data/tail/end, the mac, network, transport (and inner) header offsets, GSO size, segments and
            type with flag names, the page frags and frag_list, the device, socket and conntrack, then the
            decoded headers (Ethernet and VLAN tags, IPv4, IPv6, TCP with flags and options, UDP, ICMP, VXLAN,
            GRE, IPIP) and the payload.

            A pointer that cannot be an sk_buff (head after data, tail past end, data_len above len, a poisoned
            list pointer) is refused with what does not hold together.
            """,
        Options =
        [
            new("-x", null, "every byte of the packet in hex and ASCII"),
            new("-c", null, "only check the metadata and report what is inconsistent"),
            new("-s", "sock", "the sk_buffs queued on a socket (struct sock or struct socket address): receive, write and error queues, and the UDP reader queue"),
            new("-w", "file", "write the packets (of the addresses, of -s, -b, -t or -T) to file: pcap, or pcapng with a comment naming where each was found when the name ends in .pcapng; a frag page that cannot be read gives a truncated packet and a note"),
            new("-f", null, "replace file when it exists (it is never replaced otherwise)"),
            new("-b", null, "the per-CPU receive backlogs (softnet_data input_pkt_queue and process_queue): each CPU's queues and their lengths, then the packets on them"),
            new("-t", null, "the sk_buffs that the kernel stacks of the given tasks (or the current one) point to: stack words that point at a live, consistent object of skbuff_head_cache or skbuff_fclone_cache, each with the bt frame whose area holds the word, or \"stale\" below the deepest frame; with -c, also the words into those caches that are not live sk_buffs, with the reason"),
            new("-T", null, "as -t, for every task, listing only tasks with hits"),
        ],
        Arguments =
        [
            new("address", "an sk_buff address; several may be given"),
            new("pid | task", "with -t: the tasks whose stacks are searched"),
        ],
        Examples =
        [
            new("skb -c ADDRESS", "is this pointer a sane sk_buff, and if not, why"),
            new("skb -T -w /tmp/stacks.pcapng", "every packet referenced from any kernel stack, saved with where it was found"),
            new("skb -b -w /tmp/backlog.pcap", "the packets waiting in the receive backlogs"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nskb: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        bool hex = false, check = false, force = false, backlog = false, stacks = false, allTasks = false;
        string? file = null, sock = null;
        foreach (var (letter, value) in parsed.Options)
        {
            switch (letter)
            {
                case 'x': hex = true; break;
                case 'c': check = true; break;
                case 'f': force = true; break;
                case 'w': file = value; break;
                case 's': sock = value; break;
                case 'b': backlog = true; break;
                case 't': stacks = true; break;
                case 'T': allTasks = true; break;
            }
        }
        if (stacks && allTasks)
            throw new CommandException("-t and -T are mutually exclusive\n" + CrashText.Usage(Name, Synopsis));
        if (allTasks && parsed.Words.Count > 0)
            throw new CommandException($"-T takes no argument: {parsed.Words[0]}\n" + CrashText.Usage(Name, Synopsis));
        if (sock == null && !backlog && !stacks && !allTasks && parsed.Words.Count == 0)
            throw new CommandException("an sk_buff address (or -s sock) is required\n" + CrashText.Usage(Name, Synopsis));
        var kernel = context.Kernel;
        try
        {
            if (file != null)
                PacketExport.CheckTarget(file, force);
            var found = new List<(ulong, string)>();
            if (sock != null)
                found.AddRange(SocketQueues(context, Address(kernel, sock), file == null, hex));
            if (backlog)
                found.AddRange(Backlogs(context, file == null));
            if (stacks || allTasks)
                found.AddRange(TaskStacks(context, stacks ? parsed.Words : null, check));
            foreach (string word in stacks ? [] : parsed.Words)
            {
                ulong address = Address(kernel, word);
                found.Add((address, "given on the command line"));
                if (file != null)
                    continue;
                if (check)
                    Check(context, address);
                else
                    SkbDisplay.Print(context.Out, kernel, SkbDisplay.ReadChecked(kernel, address), hex);
            }
            if (file != null)
                PacketExport.Write(context, file, force, found);
        }
        catch (Exception e) when (e is NetException or KernelObjectException or Dumps.MemoryFaultException or Helpers.Lists.ListWalkException)
        {
            throw new CommandException(e.Message);
        }
    }

    private static ulong Address(KernelProgram kernel, string word) =>
        AddressExpression.ResolveAddress(word, kernel.SymbolAddress) ?? throw new CommandException($"invalid address: {word}");

    private static void Check(CommandContext context, ulong address)
    {
        SkbLayout s;
        try
        {
            s = SkBuffs.Read(context.Kernel, address);
        }
        catch (Dumps.MemoryFaultException e)
        {
            throw new CommandException($"0x{address:x} is not a readable sk_buff: {e.Message}");
        }
        var problems = SkbChecks.Check(s);
        if (problems.Count == 0)
        {
            context.Out.Write($"sk_buff {address:x}: consistent\n");
            return;
        }
        context.Out.Write($"sk_buff {address:x}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}\n");
        foreach (var p in problems)
            context.Out.Write($"  {(p.Fatal ? "NOT AN SK_BUFF" : "INCONSISTENT")}: {p.Message}\n");
    }

    // A struct sock, or a struct socket (whose sk points back to it through sk_socket).
    private static KObject ResolveSock(KernelProgram kernel, ulong address)
    {
        KObject sk = Sockets.Sock(kernel, address);
        ulong owner = sk.Member("sk_socket").ToUInt64();
        if (owner != 0 && kernel.Memory.TryRead(owner + MemberOffset(kernel, "struct socket", "sk"), out ulong back) && back == address)
            return sk;
        KObject socket = KObject.Reference(kernel, kernel.Type("struct socket"), address);
        ulong inner = socket.Member("sk").ToUInt64();
        if (inner != 0 && Sockets.Sock(kernel, inner).Member("sk_socket").ToUInt64() == address)
            return Sockets.Sock(kernel, inner);
        throw new CommandException($"0x{address:x} is neither a struct sock nor a struct socket (no sk/sk_socket back-pointer)");
    }

    private static ulong MemberOffset(KernelProgram kernel, string type, string member) =>
        Helpers.Lists.KernelList.MemberOffset(kernel.Type(type), member);

    private static List<(ulong, string)> Backlogs(CommandContext context, bool print)
    {
        var result = new List<(ulong, string)>();
        foreach (var (cpu, name, head) in Softnet.Backlogs(context.Kernel))
        {
            if (print)
                context.Out.Write($"CPU {cpu} {name} ({head.Address:x}): qlen {SkbQueues.Length(head)}\n");
            try
            {
                foreach (ulong skb in SkbQueues.Walk(head))
                {
                    result.Add((skb, $"on CPU {cpu}'s softnet {name}"));
                    if (print)
                        context.Out.Write($"    {SkbDisplay.Summary(context.Kernel, skb)}\n");
                }
            }
            catch (Helpers.Lists.ListWalkException e)
            {
                context.Out.Write($"    queue walk stopped: {e.Message}\n");
            }
        }
        return result;
    }

    private static List<(ulong, string)> SocketQueues(CommandContext context, ulong address, bool print, bool hex)
    {
        var kernel = context.Kernel;
        KObject sk = ResolveSock(kernel, address);
        var info = Sockets.Describe(sk);
        var o = context.Out;
        if (print)
            o.Write($"SOCK: {sk.Address:x}  {SocketText.Describe(info).TrimEnd()}{(info.Protocol == 6 ? $"  {info.StateName}" : "")}\n");
        var result = new List<(ulong, string)>();
        foreach (var (name, head) in Sockets.Queues(sk))
        {
            uint qlen = SkbQueues.Length(head);
            if (print)
                o.Write($"  {name} queue ({head.Address:x}): qlen {qlen}\n");
            int n = 0;
            try
            {
                foreach (ulong skb in SkbQueues.Walk(head))
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    n++;
                    result.Add((skb, $"on the {name} queue of sock 0x{sk.Address:x}"));
                    if (!print)
                        continue;
                    o.Write($"    {SkbDisplay.Summary(kernel, skb)}\n");
                    if (hex)
                    {
                        // the summary already said why an sk_buff cannot be read; the dump is for the good ones
                        try
                        {
                            SkbDisplay.HexDump(o, SkbBytes.Packet(kernel, SkbDisplay.ReadChecked(kernel, skb)).Bytes);
                        }
                        catch (CommandException)
                        {
                        }
                    }
                }
            }
            catch (Helpers.Lists.ListWalkException e)
            {
                o.Write($"    queue walk stopped: {e.Message}\n");
            }
            if (print && n != qlen)
                o.Write($"    WARNING: {n} sk_buffs on the list, qlen says {qlen}\n");
        }
        foreach (var (name, root) in Sockets.RbTreeQueues(sk))
        {
            if (print)
                o.Write($"  {name} queue ({root.Address:x}): rb-tree\n");
            try
            {
                foreach (ulong skb in SkbQueues.WalkRbTree(root))
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    result.Add((skb, $"on the {name} queue of sock 0x{sk.Address:x}"));
                    if (print)
                        o.Write($"    {SkbDisplay.Summary(kernel, skb)}\n");
                }
            }
            catch (Helpers.Lists.ListWalkException e)
            {
                o.Write($"    tree walk stopped: {e.Message}\n");
            }
        }
        return result;
    }
}
