using System.Text.RegularExpressions;

namespace Crashdive.Tests.Scripting;

/// <summary>
/// scripts/nfqueue.lua, the typed NFQUEUE walk (init_net → nfnl_queue_net → instance hlist →
/// nfqnl_instance → queue_list → nf_queue_entry → skb), against the guest's ground truth:
/// /proc/net/netfilter/nfnetlink_queue and the workload's "FX nfq queued" lines.
/// The module's types come from mod -s (its .ko, found beside the vmlinux, at the dump's section addresses).
/// </summary>
public sealed partial class NfqueueScriptTests
{
    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("qemu/vmcore.elf")]
    public void TypedWalkReadsTheQueuedPackets(string dump)
    {
        var truth = Fixtures.GroundTruthOf(dump);
        // "    0    113     3 2 65531     0     0        3  1": queue, portid, queue_total, copy_mode,
        // copy_range, dropped, user_dropped, id_sequence, 1
        string[] q = truth.Section("/proc/net/netfilter/nfnetlink_queue").Single(l => l.Trim().Length > 0)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var queued = truth.FxLines.Select(l => QueuedLine().Match(l)).Where(m => m.Success)
            .Select(m => (Id: m.Groups[1].Value, IpLen: m.Groups[2].Value, Payload: m.Groups[3].Value)).ToList();
        Assert.Equal(3, queued.Count);

        using var s = new ScriptSession(dump);
        string script = ScriptSession.Script("nfqueue.lua");
        var (ok, _, err) = s.Run($"lua {script}");
        Assert.False(ok);
        Assert.Equal($"lua: no debuginfo for nfnetlink_queue: load it first with mod -s nfnetlink_queue\n", err);

        s.RunOk("mod -s nfnetlink_queue");
        string[] lines = s.RunOk($"lua {script}").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + queued.Count, lines.Length);
        Assert.Matches($"^queue {q[0]} portid {q[1]} queue_total {q[2]} copy_mode {q[3]} copy_range {q[4]} id_sequence {q[7]} instance [0-9a-f]+$", lines[0]);
        for (int i = 0; i < queued.Count; i++)
            Assert.Matches($"^  entry [0-9a-f]+ id {queued[i].Id} skb [0-9a-f]+ len {queued[i].IpLen} payload \"{queued[i].Payload}\"$", lines[1 + i]);
    }

    [Fact]
    public void InstanceIsTheContainerOfItsHlistNode()
    {
        using var s = new ScriptSession();
        s.RunOk("mod -s nfnetlink_queue");
        // The module's own variable (from its DWARF) agrees with kallsyms, and the net_generic slot
        // holds the module's pernet struct: its instance's hlist node is where the bucket points.
        string o = s.Lua("""
            local idvar = kernel.var("nfnl_queue_net_id")
            print(idvar:address() == kernel.address("nfnl_queue_net_id"))
            local q = kernel.cast(kernel.var("init_net").gen.ptr[idvar:value()], "struct nfnl_queue_net *")
            for b = 0, #q.instance_table - 1 do
              local first = q.instance_table[b].first
              if not first:is_null() then
                local inst = kernel.container_of(first, "struct nfqnl_instance", "hlist")
                print(inst.hlist:address() == first:value(), inst.queue_total:value())
              end
            end
            """);
        Assert.Equal("true\ntrue\t3\n", o);
    }

    [GeneratedRegex(@"^FX nfq queued id=(\d+) iplen=(\d+) payload=(\S+)$")]
    private static partial Regex QueuedLine();
}
