using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Net;
using Crashdive.Commands.Printing;
using Crashdive.Commands.Tasks;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Net;

/// <summary><c>net</c>: network devices, the ARP cache, a task's sockets, IPv4 address translation.</summary>
public sealed class NetCommand : ICommand
{
    /// <summary>crash 8.0.2's synopsis.</summary>
    public const string Synopsis = "[[-s | -S] [-xd] [-R ref] [pid | task]] [-a] [ -n [pid | task]] [-N addr]";

    /// <inheritdoc/>
    public string Name => "net";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "net",
        Summary = "network command",
        Synopsis = Synopsis + " [-q]",
        Description = """
            Without options, lists the network devices of the initial network namespace: the address of each
            struct net_device, its name and its IPv4 and IPv6 addresses. The other forms show the devices of another
            namespace, the open sockets of tasks, the neighbour (ARP) table, or turn a number into a
            dotted-quad IPv4 address.

            Socket listings name the current task (the one that panicked, unless "set" chose another) when no
            pid or task is given. Each socket line gives the file descriptor, the struct socket and struct sock
            addresses, the family and type, and for IPv4 and IPv6 sockets the local and remote addresses with
            their ports.
            """,
        Options =
        [
            new("-n", null, "the devices of the network namespace of the current task, or of the pid or task given"),
            new("-s", null, "the sockets of the current task, or of each pid or task given"),
            new("-S", null, "as -s, followed by the struct socket and struct inet_sock of each, in full"),
            new("-q", null, "with -s: add each socket's receive, write and error queue lengths (not in crash)"),
            new("-R", "ref", "with -s or -S: only the socket whose socket or sock address, or file descriptor, is ref"),
            new("-x", null, "with -S: structure members in hexadecimal"),
            new("-d", null, "with -S: structure members in decimal"),
            new("-a", null, "the neighbour table: IP address, hardware type and address, device and state"),
            new("-N", "addr", "prints the IPv4 address that the number addr (decimal or hex, in network byte order) stands for"),
        ],
        Arguments =
        [
            new("pid | task", "a process id or task_struct address, for -s, -S and -n"),
        ],
        Examples =
        [
            new("net -s 1", "the sockets open in pid 1"),
            new("net -N 0x0100007f", "prints 127.0.0.1"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nnet: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        var kernel = context.Kernel;
        var output = context.Out;
        char sockets = '\0';
        bool hex = false, dec = false, ns = false, queues = false;
        string? reference = null;
        foreach (var (letter, value) in parsed.Options)
        {
            switch (letter)
            {
                case 'a':
                    Arp(context);
                    break;
                case 'N':
                    output.Write(NetDevices.Ipv4((uint)AddressExpression.ParseNumber(value!)) + "\n");
                    return;
                case 's' or 'S':
                    if (sockets != '\0' && sockets != letter)
                        output.Write("net: only one -s or -S option allowed\n");
                    else
                        sockets = letter;
                    break;
                case 'x':
                    if (dec)
                        throw new CommandException("-d and -x are mutually exclusive");
                    hex = true;
                    break;
                case 'd':
                    if (hex)
                        throw new CommandException("-d and -x are mutually exclusive");
                    dec = true;
                    break;
                case 'R':
                    if (reference != null)
                        output.Write("net: only one -R option allowed\n");
                    else
                        reference = value;
                    break;
                case 'n':
                    ns = true;
                    break;
                case 'q':
                    queues = true;
                    break;
            }
        }
        try
        {
            if (sockets != '\0')
                SocketsCommand(context, sockets, reference, queues, dec ? 10 : hex ? 16 : 0, parsed.Words);
            else if (ns)
            {
                ulong address = parsed.Words.Count > 0
                    ? TaskDisplay.Resolve(kernel, parsed.Words[0]) is { Count: > 0 } t ? t[0].Task : throw new CommandException($"invalid task or pid value: {parsed.Words[0]}")
                    : TaskDisplay.CurrentTask(kernel).Task;
                KObject task = Helpers.Tasks.Tasks.At(kernel, address);
                Devices(context, NetNamespaces.OfTask(task) ?? throw new CommandException($"task {task.Address:x} has no network namespace"));
            }
            else if (args.Count == 0)
                Devices(context, NetNamespaces.InitNet(kernel));
        }
        catch (Exception e) when (e is NetException or KernelObjectException or Dumps.MemoryFaultException or Helpers.Lists.ListWalkException)
        {
            throw new CommandException(e.Message);
        }
    }

    private static void Devices(CommandContext context, KObject net)
    {
        var output = context.Out;
        output.Write(CrashText.Center("NET_DEVICE", 16) + "  NAME       IP ADDRESS(ES)\n");
        foreach (KObject dev in NetDevices.OfNamespace(net))
        {
            string addresses = string.Join(", ", NetDevices.AddressTexts(dev));
            output.Write($"{CrashText.Center($"{dev.Address:x}", 16, leanRight: true)}  {NetDevices.Name(dev),-10} {addresses}\n");
        }
    }

    private const string ArpHeading = "NEIGHBOUR        IP ADDRESS      HW TYPE    HW ADDRESS         DEVICE  STATE";

    private static void Arp(CommandContext context)
    {
        var output = context.Out;
        bool header = false;
        foreach (Neighbour n in Neighbours.Entries(context.Kernel, "arp_tbl"))
        {
            if (!header)
            {
                output.Write(ArpHeading + "\n");
                header = true;
            }
            if (n.Error != null)
            {
                output.Write($"{n.Address,-16:x} (unreadable: {n.Error})\n");
                continue;
            }
            string ip = n.Key.Length >= 4 ? $"{n.Key[0]}.{n.Key[1]}.{n.Key[2]}.{n.Key[3]}" : "";
            string devName = "";
            int type = -1, addrLen = 0;
            if (n.Device.ToUInt64() != 0)
            {
                KObject dev = n.Device.Deref();
                devName = NetDevices.Name(dev);
                type = NetDevices.HardwareType(dev);
                addrLen = Math.Min(NetDevices.AddressLength(dev), n.HardwareAddress.Length);
            }
            var ha = n.HardwareAddress.AsSpan(0, addrLen).ToArray();
            string hw = type == 1
                ? string.Join("", ha.Select((b, i) => $"{b:x2}{(i == ha.Length - 1 ? ' ' : ':')}"))
                : string.Join("", ha.Select(b => $"{b:x2} "));
            output.Write($"{n.Address,-16:x} {ip,-16}{HardwareTypeName(type),-10} {hw} {devName,-6}  {StateFlags(n.State)}\n");
        }
    }

    private static string HardwareTypeName(int type) => type switch
    {
        1 => "ETHER",
        0 => "NETROM",
        2 => "EETHER",
        3 => "AX25",
        4 => "PRONET",
        5 => "CHAOS",
        6 => "IEEE802",
        7 => "ARCNET",
        8 => "APPLETLK",
        15 => "DLCI",
        23 => "METRICOM",
        _ => "UNKNOWN",
    };

    private static readonly string[] NudNames = ["INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "NOARP", "PERMANENT"];

    private static string StateFlags(byte state)
    {
        var names = new List<string>();
        for (int i = 0; i < 8; i++)
        {
            if ((state & (1 << i)) != 0)
                names.Add(NudNames[i]);
        }
        return string.Join('|', names);
    }

    private static void SocketsCommand(CommandContext context, char mode, string? reference, bool queues, int radix, IReadOnlyList<string> words)
    {
        var kernel = context.Kernel;
        var output = context.Out;
        if (words.Count == 0)
        {
            TaskEntry current = TaskDisplay.CurrentTask(kernel);
            if (reference == null)
                output.Write(TaskDisplay.Header(current));
            TaskSockets(context, current, mode, reference, queues, radix);
            return;
        }
        int subsequent = 0;
        foreach (string word in words)
        {
            var tasks = TaskDisplay.Resolve(kernel, word);
            if (tasks == null)
            {
                output.Write($"net: {(subsequent++ > 0 ? "\n" : "")}invalid task or pid value: {word}\n");
                continue;
            }
            foreach (TaskEntry task in tasks)
            {
                if (reference == null)
                    output.Write((subsequent++ > 0 ? "\n" : "") + TaskDisplay.Header(task));
                TaskSockets(context, task, mode, reference, queues, radix);
            }
        }
    }

    private static void TaskSockets(CommandContext context, TaskEntry entry, char mode, string? reference, bool queues, int radix)
    {
        var kernel = context.Kernel;
        var output = context.Out;
        KObject task = Helpers.Tasks.Tasks.At(kernel, entry.Task);
        int found = 0;
        bool taskHeader = false;
        foreach (var (fd, socket, sock) in Sockets.OfTask(task))
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (reference != null)
            {
                if (!Matches(reference, fd, socket.Address, sock))
                    continue;
                if (!taskHeader)
                {
                    output.Write(TaskDisplay.Header(entry));
                    taskHeader = true;
                }
            }
            if (mode == 'S')
            {
                // crash: the two addresses, then dump_struct("socket") and dump_struct("inet_sock") in the radix asked
                output.Write($"{(found > 0 ? "\n" : "")}FD  {CrashText.Center("SOCKET", 16)}  {CrashText.Center("SOCK", 16)}\n");
                output.Write($"{fd,2}  {socket.Address,16:x}  {sock,16:x}\n\n");
                var options = SessionSettings.Of(kernel).Format(radix);
                output.Write(StructPrinter.FormatWhole(socket, "socket", options));
                if (sock != 0)
                    output.Write(StructPrinter.FormatWhole(KObject.Reference(kernel, kernel.Type("struct inet_sock"), sock), "inet_sock", options));
                found++;
                continue;
            }
            if (found == 0)
                output.Write(SocketText.Header + (queues ? "  RECV-Q WRITE-Q ERR-Q" : "") + "\n");
            string info = sock == 0 ? "" : SocketText.Describe(Sockets.Describe(Sockets.Sock(kernel, sock)));
            if (queues && sock != 0)
            {
                var q = Sockets.Queues(Sockets.Sock(kernel, sock));
                uint Len(string name) => q.Where(x => x.Name == name || (name == "receive" && x.Name == "reader")).Aggregate(0u, (a, x) => a + SkbQueues.Length(x.Head));
                info += $"  {Len("receive")} {Len("write")} {Len("error")}";
            }
            output.Write($"{fd,2}  {socket.Address,16:x}  {sock,16:x}  {info}\n");
            found++;
        }
        if (found == 0 && reference == null)
            output.Write("No open sockets.\n");
        if (reference != null && taskHeader)
            output.Write("\n");
    }

    // crash: a hexadecimal reference is a socket or sock address (or an fd written in hex); a decimal one
    // small enough is a file descriptor.
    private static bool Matches(string reference, int fd, ulong socket, ulong sock)
    {
        if (AddressExpression.IsDecimal(reference) && long.TryParse(reference, out long d) && d == fd)
            return true;
        if (!AddressExpression.IsHexadecimal(reference))
            return false;
        ulong h;
        try
        {
            h = AddressExpression.ParseHex(reference);
        }
        catch (CommandException)
        {
            return false;
        }
        return h == socket || h == sock || (!AddressExpression.IsDecimal(reference) && h == (ulong)fd);
    }
}
