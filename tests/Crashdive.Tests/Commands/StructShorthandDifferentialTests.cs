using System.Globalization;
using Crashdive.Helpers.Net;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;
using Crashdive.Tests.Net;

namespace Crashdive.Tests.Commands;

/// <summary>
/// crash's struct-name shorthand (<c>sk_buff ADDR</c> for <c>struct sk_buff ADDR</c>) through the prompt's own
/// dispatch, compared byte for byte with crash 9.0.2 on the 6.1 kdump and a 6.12 dump. The addresses are the
/// dump's own, found at run time: init_task, the socket the workload's UDP receiver holds with two unread
/// datagrams (from the ground truth's FX line), its receive queue and first sk_buff, the loopback device.
/// </summary>
public sealed class StructShorthandDifferentialTests
{
    /// <summary>The 6.1 kdump and the 6.12 kdump ELF (whose kdump-compressed twin lacks slab pages makedumpfile 1.7.2 left out).</summary>
    public static TheoryData<string> Dumps => new() { "kdump/vmcore.kdump-zlib", NetKernels.Linux612 + "kdump/vmcore.elf" };

    /// <summary>
    /// Every form of the shorthand: whole structures, member lists, dotted members, -o with and without an
    /// address, -x/-d before and after the address, -r, counts, -l, per-cpu symbols, typedefs and unions,
    /// pipelines; and the errors: an unknown member, an address with no memory, words that name nothing.
    /// {T} init_task, {TL} its tasks list_head, {K} a UDP sock, {Q} its receive queue, {S} the first sk_buff
    /// there, {D} the loopback net_device, {B} a kernel address the dump has no memory for.
    /// </summary>
    private static readonly string[] Table =
    [
        "sk_buff {S}",
        "sk_buff {S} -x",
        "sk_buff -d {S}",
        "sk_buff -o {S}",
        "sk_buff_head -o",
        "sk_buff_head {Q}",
        "sk_buff_head.qlen {Q}",
        "sk_buff_head {Q} -x",
        "sk_buff.cb -o {S}",
        "sk_buff.cb -o",
        "sk_buff.cb {S}",
        "sk_buff.len,data_len,protocol {S}",
        "sk_buff.len {S} -x",
        "sk_buff.head,data -x {S}",
        "net_device.name -o",
        "net_device.name {D}",
        "net_device.name,mtu,ifindex {D}",
        "net_device -o {D} | head -4",
        "sock.sk_rcvbuf,sk_sndbuf {K}",
        "sock.__sk_common.skc_family {K}",
        "task_struct.pid,comm {T}",
        "task_struct.pid,comm init_task",
        "task_struct.se.on_rq {T}",
        "task_struct.tasks -o",
        "task_struct.pid,tgid,comm {T} | grep tgid",
        "list_head {TL}",
        "list_head {TL} 2",
        "list_head -c 2 {TL}",
        "task_struct.pid,comm -l task_struct.tasks {TL}",
        "rq.cpu,nr_running runqueues:a",
        "upid",
        "upid -x",
        "atomic_t -o",
        "spinlock_t -o",
        "cpumask_t -o",
        "sigval -o",
        "sigval_t -o",
        "atomic_t {T}",
        "sk_buff -r {S}",
        "sk_buff.len -r {S}",
        "sk_buff_head.qlen -r {Q}",
        "atomic_t -r {T}",
        "upid -r {T} 2",
        // errors
        "sk_buff.nosuch {S}",
        "sk_buff.nosuch -o",
        "task_struct.pid,nosuch {T}",
        "sk_buff {B}",
        "task_struct.pid,comm {B}",
        "list_head.next {B}",
        "sk_buff -r {B}",
        "task_struct.pid,comm -r {T}",
        "nosuchthing",
        "nosuchthing.foo -o",
        "sk_buff_nosuch {S}",
    ];

    private static string Relative(string dump) =>
        dump.StartsWith(NetKernels.Linux612, StringComparison.Ordinal) ? dump[NetKernels.Linux612.Length..] : dump;

    private static Dictionary<string, ulong> Addresses(KernelProgram kernel, Fixtures.Truth truth)
    {
        KObject initTask = kernel.Variable("init_task");
        int pid = int.Parse(NetKernels.Fx(truth, "FX udp-recv pid=", "pid"), CultureInfo.InvariantCulture);
        int fd = int.Parse(NetKernels.Fx(truth, "FX udp-recv pid=", "fd"), CultureInfo.InvariantCulture);
        KObject task = Tasks.FindByPid(kernel, pid) ?? throw new Xunit.Sdk.XunitException($"no task {pid}");
        ulong sock = Sockets.OfTask(task).Single(s => s.Fd == fd).Sock;
        KObject queue = Sockets.Sock(kernel, sock).Member("sk_receive_queue");
        ulong skb = SkbQueues.Walk(queue).First();
        ulong nowhere = kernel.Regions.VmallocEnd - 0x10_0000;
        Assert.False(kernel.Memory.TryRead(nowhere, new byte[1]), "the address chosen to have no memory can be read");
        return new()
        {
            ["T"] = initTask.Address,
            ["TL"] = initTask.Member("tasks").Address,
            ["K"] = sock,
            ["Q"] = queue.Address,
            ["S"] = skb,
            ["D"] = kernel.Variable("init_net").Member("loopback_dev").ToUInt64(),
            ["B"] = nowhere,
        };
    }

    private static string Fill(string command, Dictionary<string, ulong> addresses)
    {
        foreach (var (key, value) in addresses.OrderByDescending(kv => kv.Key.Length))
            command = command.Replace("{" + key + "}", value.ToString("x", CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return command;
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void ShorthandMatchesCrash902(string dump)
    {
        string vmlinux = NetKernels.PathOf(dump, "kernel/vmlinux");
        string core = NetKernels.PathOf(dump, Relative(dump));
        using var prompt = new PromptTranscript(vmlinux, core);
        var addresses = Addresses(prompt.Session.Kernel, NetKernels.TruthOf(dump));
        string[] commands = Table.Select(c => Fill(c, addresses)).ToArray();
        Assert.True(commands.Length >= 30);
        IReadOnlyList<string> crash = CrashReference.Run(vmlinux, core, commands);
        var failures = new List<string>();
        for (int i = 0; i < commands.Length; i++)
        {
            string ours = prompt.Run(commands[i]);
            if (ours != crash[i])
                failures.Add($"`{commands[i]}`\n--- {CrashReference.ExpectedVersion}\n{crash[i]}--- crashdive\n{ours}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {commands.Length} differ from {CrashReference.ExpectedVersion}:\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// Command names win over type names (<c>net</c> and <c>mount</c> are both), as in crash: the command's
    /// own header comes out, not a structure. Only the words of the first line are compared: the columns
    /// and the rest of <c>net</c> and <c>mount</c> are their own tables' business (crash 9.0.2 widens the
    /// address column of <c>net</c> for IPv6).
    /// </summary>
    [Theory]
    [MemberData(nameof(Dumps))]
    public void CommandNamesWinOverTypeNames(string dump)
    {
        string vmlinux = NetKernels.PathOf(dump, "kernel/vmlinux");
        string core = NetKernels.PathOf(dump, Relative(dump));
        using var prompt = new PromptTranscript(vmlinux, core);
        Assert.NotNull(prompt.Session.Kernel.FindType("struct net"));
        Assert.NotNull(prompt.Session.Kernel.FindType("struct mount"));
        string[] commands = ["net", "mount", "net -o", "struct net.loopback_dev -o"];
        IReadOnlyList<string> crash = CrashReference.Run(vmlinux, core, commands);
        for (int i = 0; i < 2; i++)
        {
            string ours = prompt.Run(commands[i]);
            Assert.DoesNotContain("struct", ours.Split('\n')[0], StringComparison.Ordinal);
            Assert.Equal(Words(crash[i].Split('\n')[0]), Words(ours.Split('\n')[0]));
        }
        // crash's getopt complaint goes to its standard error, which the reference run does not capture
        string netO = prompt.Run(commands[2]);
        Assert.StartsWith("net: invalid option -- 'o'\nUsage:\n", netO, StringComparison.Ordinal);
        Assert.EndsWith(crash[2], netO, StringComparison.Ordinal);
        Assert.Equal(crash[3], prompt.Run(commands[3]));
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
