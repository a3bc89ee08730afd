using System.Globalization;
using Crashdive.Helpers.Net;
using Crashdive.Helpers.Tasks;
using Crashdive.Tests.Net;

namespace Crashdive.Tests.Scripting;

/// <summary>
/// The Lua packet API (kernel.nfqueue_entries, socket_skbs, skb_queue, packet, stack_skbs, write_pcap) on the
/// fixture dump, against the guest's ground truth (the workload's FX lines) and tshark where installed.
/// </summary>
public sealed class PacketScriptTests
{
    private static ulong SockOf(ScriptSession s, string pidKey, string fdPrefix)
    {
        var truth = Fixtures.GroundTruthOf(s.DumpPath);
        string pid = NetKernels.Fx(truth, pidKey, "pid");
        int fd = int.Parse(NetKernels.Fx(truth, fdPrefix.Replace("{pid}", pid, StringComparison.Ordinal), "fd"), CultureInfo.InvariantCulture);
        var task = Tasks.FindByPid(s.Session.Kernel, int.Parse(pid, CultureInfo.InvariantCulture))!.Value;
        return Sockets.OfTask(task).Single(x => x.Fd == fd).Sock;
    }

    [Fact]
    public void NfqueueEntriesDecodeIntoTables()
    {
        using var s = new ScriptSession();
        var truth = Fixtures.GroundTruthOf(s.DumpPath);
        string o = s.Lua("""
            for e in kernel.nfqueue_entries() do
              local p = kernel.packet(e.skb)
              local names = {}
              for _, l in ipairs(p.layers) do names[#names + 1] = l.name end
              print(e.queue, e.id, e.hook, e.outdev, p.link_type, table.concat(names, ","), p.src, p.dst,
                p.layers[2].dport, p.dport, p.transport, p.payload, p.layers[1].len, #p.bytes, p.truncated)
            end
            """);
        var expected = NetKernels.NfqQueued(truth).Select(q =>
            $"0\t{q.Id}\tLOCAL_OUT\tlo\traw-ip\tIPv4,UDP\t127.0.0.1\t127.0.0.1\t9999\t9999\tUDP\t{q.Payload}\t{20 + 8 + q.Payload.Length}\t{20 + 8 + q.Payload.Length}\tfalse\n");
        Assert.Equal(string.Concat(expected), o);
    }

    [Fact]
    public void SocketQueuesIterateWithTheirNames()
    {
        using var s = new ScriptSession();
        var truth = Fixtures.GroundTruthOf(s.DumpPath);
        ulong udp = SockOf(s, "FX udp-recv pid=", "FX udp-recv pid={pid}");
        string o = s.Lua($$"""
            for queue, skb in kernel.socket_skbs("{{udp:x}}") do
              print(queue, kernel.packet(skb).payload, kernel.packet(skb:address_()).sport ~= nil)
            end
            local n = 0
            for skb in kernel.skb_queue(kernel.object("struct sock", "{{udp:x}}").sk_receive_queue) do n = n + 1 end
            print(n)
            """);
        var sent = NetKernels.UdpSent(truth, "127.0.0.1:6000");
        Assert.Equal(string.Concat(sent.Select(p => $"receive\t{p}\ttrue\n")) + $"{sent.Count}\n", o);
        ulong tcp = SockOf(s, "FX tcp-server pid=", "FX tcp-server pid={pid} accepted");
        string t = s.Lua($$"""
            for queue, skb in kernel.socket_skbs("{{tcp:x}}") do
              local p = kernel.packet(skb)
              print(queue, p.layers[#p.layers].name, p.layers[#p.layers].flags, p.dport, p.payload)
            end
            """);
        Assert.Equal($"receive\tTCP\tPSH,ACK\t5000\t{NetKernels.Fx(truth, "FX tcp-client pid=", "sent")}\n", t);
    }

    [Fact]
    public void WritePcapWritesTheQueuedPacketsAndRefusesAnExistingFile()
    {
        using var s = new ScriptSession();
        var truth = Fixtures.GroundTruthOf(s.DumpPath);
        using var dir = new Symbols.TempDirectory();
        string path = dir.File("q.pcap");
        string chunk = $$"""
            local skbs = {}
            for e in kernel.nfqueue_entries() do skbs[#skbs + 1] = e.skb end
            local ok, n = pcall(kernel.write_pcap, "{{path}}", skbs, FORCE)
            print(ok, n)
            """;
        Assert.Equal("true\t3\n", s.Lua(chunk.Replace("FORCE", "false", StringComparison.Ordinal)));
        byte[] first = File.ReadAllBytes(path);
        string again = s.Lua(chunk.Replace("FORCE", "false", StringComparison.Ordinal));
        Assert.StartsWith("false\t", again, StringComparison.Ordinal);
        Assert.EndsWith($"{path}: file exists (use -f to overwrite)\n", again, StringComparison.Ordinal);
        Assert.Equal("true\t3\n", s.Lua(chunk.Replace("FORCE", "true", StringComparison.Ordinal)));
        Assert.Equal(first, File.ReadAllBytes(path));
        if (Tshark.Find() is not string tshark)
            return;
        var rows = Tshark.Fields(tshark, path, "udp.dstport", "data.data");
        Assert.Equal(NetKernels.NfqQueued(truth).Select(q => $"9999\t{Tshark.Hex(q.Payload)}"), rows.Select(r => string.Join('\t', r)));
    }

    [Fact]
    public void StackReferencesAreTheCommandsRows()
    {
        using var s = new ScriptSession();
        var truth = Fixtures.GroundTruthOf(s.DumpPath);
        // the first task skb -T -c names (which tasks hold stale pointers differs between boots), by its address:
        // it may be an idle task, and PID 0 names one per CPU
        string text = s.RunOk("skb -T -c");
        string address = System.Text.RegularExpressions.Regex.Match(text, @"^PID: \d+ +TASK: ([0-9a-f]+) ").Groups[1].Value;
        Assert.NotEqual("", address);
        string task = s.RunOk($"skb -t -c {address}");
        string o = s.Lua($$"""
            for _, h in ipairs(kernel.stack_skbs("{{address}}")) do
              print(string.format("%x %x", h.slot, h.skb:address_()), h.valid, h.stack, h.cache, h.valid and kernel.packet(h.skb).payload or h.problem)
            end
            local ok, err = pcall(kernel.stack_skbs, 99999)
            print(ok, err)
            """);
        var lines = o.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rows = System.Text.RegularExpressions.Regex.Matches(task, @"\(([\w]+)(?:, below the deepest frame)?\) \[([0-9a-f]+)\]: ([0-9a-f]+) ((?:rejected: )?)(.*)$", System.Text.RegularExpressions.RegexOptions.Multiline).ToList();
        Assert.NotEmpty(rows);
        Assert.Equal(rows.Count + 1, lines.Length);
        var payloads = truth.FxLines.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"(?:payload|sent)=(\S+)")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        for (int i = 0; i < rows.Count; i++)
        {
            string[] f = lines[i].Split('\t');
            Assert.Equal($"{rows[i].Groups[2].Value} {rows[i].Groups[3].Value}", f[0]);
            bool valid = rows[i].Groups[4].Value.Length == 0;
            Assert.Equal(valid ? "true" : "false", f[1]);
            Assert.Equal(rows[i].Groups[1].Value, f[2]);
            Assert.Matches("^skbuff_(head|fclone)_cache$", f[3]);
            if (valid)
                Assert.Contains(f[4], payloads);
            else
                Assert.Equal(rows[i].Groups[5].Value, f[4]);
        }
        Assert.EndsWith("no task with pid 99999", lines[^1], StringComparison.Ordinal);
    }
}
