using Crashdive.Helpers.Net;
using Crashdive.Helpers.Net.Packets;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;
using KeraLua;

namespace Crashdive.Scripting;

// Packets for scripts: sk_buff queues, socket queues, NFQUEUE entries, stack references, a packet
// decoded into a table, pcap files. The walks and checks are the net helpers' own.
public sealed partial class LuaHost
{
    /// <summary>Most sk_buffs one <c>kernel.write_pcap</c> takes.</summary>
    public const int MaxPcapPackets = 1_000_000;

    private void RegisterNet()
    {
        Add("skb_queue", lua =>
        {
            // kernel.skb_queue(head): a struct sk_buff_head (object or address)
            CType sbh = Kernel.Type("struct sk_buff_head");
            return Iterator(lua, SkbObjects(SkbQueues.Walk(KObject.Reference(Kernel, sbh, HeadArg(lua, 1)))));
        });
        Add("socket_skbs", lua =>
        {
            KObject sock = Sockets.Sock(Kernel, AddressArg(lua, 1));
            return Iterator(lua, SocketSkbs(sock));
        });
        Add("nfqueue_entries", lua =>
        {
            var rows = new List<Dictionary<string, object>>();
            foreach (NfqnlInstance q in Nfqueue.Instances(Kernel))
            {
                foreach (NfQueueEntry e in Nfqueue.Entries(q))
                {
                    rows.Add(new()
                    {
                        ["net"] = (long)q.Net, ["queue"] = (long)q.QueueNum, ["portid"] = (long)q.PeerPortId, ["entry"] = (long)e.Address,
                        ["id"] = (long)e.Id, ["hook"] = e.HookName, ["pf"] = e.PfName, ["indev"] = e.InDevice, ["outdev"] = e.OutDevice,
                        ["skb"] = SkbObject(e.Skb),
                    });
                }
            }
            PushRows(lua, rows);
            return 1;
        });
        Add("packet", lua =>
        {
            var (s, p, d) = PacketCapture.Read(Kernel, AddressArg(lua, 1));
            PushPacket(lua, s, p, d);
            return 1;
        });
        Add("conntrack", lua =>
        {
            SkbLayout s = SkBuffs.Read(Kernel, AddressArg(lua, 1));
            ulong ct = SkBuffs.Conntrack(s);
            if (ct == 0)
            {
                lua.PushNil();
                return 1;
            }
            ConntrackInfo c = Conntrack.Read(Kernel, ct);
            var row = new Dictionary<string, object>
            {
                ["nf_conn"] = (long)ct, ["ctinfo"] = Conntrack.CtInfoName(SkBuffs.ConntrackInfo(s)), ["protocol"] = c.ProtocolName,
                ["original"] = c.Original.ToString(), ["reply"] = c.Reply.ToString(), ["status"] = (long)c.Status,
                ["status_names"] = c.StatusNames.Cast<object>().ToList(), ["use"] = c.Use, ["timeout"] = (long)c.Timeout,
            };
            if (c.Mark is uint mark)
                row["mark"] = (long)mark;
            PushValue(lua, row);
            return 1;
        });
        Add("stack_skbs", lua =>
        {
            // a pid (integer) or a task (object or hex address)
            KObject task = lua.Type(1) == LuaType.Number && lua.ToIntegerX(1) is long pid && pid is >= 0 and < int.MaxValue
                ? Tasks.FindByPid(Kernel, (int)pid) ?? throw new ScriptArgumentException($"no task with pid {pid}")
                : Tasks.At(Kernel, AddressArg(lua, 1));
            var rows = new List<Dictionary<string, object>>();
            foreach (StackSkb h in StackSkbs.Scan(Kernel, task))
            {
                var row = new Dictionary<string, object>
                {
                    ["slot"] = (long)h.Slot, ["skb"] = SkbObject(h.Skb), ["frame"] = (long)h.Frame, ["stack"] = h.Stack.Kind,
                    ["cache"] = h.Cache, ["valid"] = h.Valid, ["where"] = h.Where,
                };
                if (h.Function != null)
                    row["func"] = h.Function;
                if (h.Problem != null)
                    row["problem"] = h.Problem;
                rows.Add(row);
            }
            PushRows(lua, rows);
            return 1;
        });
        Add("write_pcap", lua =>
        {
            // kernel.write_pcap(path, {skb, ...}, force) -> count, {notes}
            string path = StringArg(lua, 1);
            if (lua.Type(2) != LuaType.Table)
                throw new ScriptArgumentException($"bad argument #2: table of sk_buffs expected, got {lua.TypeName(2)}");
            bool force = lua.Type(3) == LuaType.Boolean && lua.ToBoolean(3);
            var skbs = new List<(ulong, string)>();
            long n = lua.RawLen(2);
            if (n > MaxPcapPackets)
                throw new ScriptArgumentException($"bad argument #2: {n} sk_buffs, at most {MaxPcapPackets}");
            for (long i = 1; i <= n; i++)
            {
                lua.RawGetInteger(2, i);
                try
                {
                    skbs.Add((AddressArg(lua, -1), $"given to kernel.write_pcap (#{i})"));
                }
                finally
                {
                    lua.Pop(1);
                }
            }
            var notes = new List<object>();
            int written = PacketCapture.Write(Kernel, path, force, skbs, notes.Add);
            lua.PushInteger(written);
            PushValue(lua, notes);
            return 2;
        });
    }

    private KObject SkbObject(ulong skb) => KObject.Reference(Kernel, Kernel.Type("struct sk_buff"), skb);

    private IEnumerable<KObject> SkbObjects(IEnumerable<ulong> skbs)
    {
        foreach (ulong skb in skbs)
            yield return SkbObject(skb);
    }

    private IEnumerable<(string, KObject)> SocketSkbs(KObject sock)
    {
        foreach (var (queue, skb) in PacketCapture.SocketSkbs(sock))
            yield return (queue, SkbObject(skb));
    }

    private void PushPacket(Lua lua, SkbLayout s, SkbPacket p, DecodedPacket d)
    {
        var layers = new List<object>();
        foreach (PacketLayer layer in d.Layers)
        {
            var t = new Dictionary<string, object> { ["name"] = layer.Name, ["offset"] = (long)layer.Offset, ["depth"] = (long)layer.Depth };
            foreach (var f in layer.Fields)
                t[f.Key] = f.Value;
            layers.Add(t);
        }
        var row = new Dictionary<string, object>
        {
            ["skb"] = (long)s.Address, ["len"] = (long)s.Len, ["data_len"] = (long)s.DataLen,
            ["link_type"] = p.LinkType == SkbPacket.Ethernet ? "ethernet" : "raw-ip", ["start_offset"] = (long)p.StartOffset,
            ["bytes"] = p.Bytes, ["original_length"] = (long)p.OriginalLength, ["truncated"] = p.Truncated,
            ["notes"] = p.Notes.Cast<object>().ToList(), ["layers"] = layers, ["lines"] = d.Lines.Cast<object>().ToList(),
            ["payload"] = PacketDecoder.Payload(d, p.Bytes).ToArray(),
        };
        if (d.Transport != null)
            row["transport"] = d.Transport;
        if (d.SourceAddress != null)
            row["src"] = d.SourceAddress;
        if (d.DestinationAddress != null)
            row["dst"] = d.DestinationAddress;
        if (d.SourcePort >= 0)
            row["sport"] = (long)d.SourcePort;
        if (d.DestinationPort >= 0)
            row["dport"] = (long)d.DestinationPort;
        PushValue(lua, row);
    }

    private void PushRows(Lua lua, List<Dictionary<string, object>> rows) => PushValue(lua, rows.Cast<object>().ToList());

    // C# values as Lua values: strings, integers, booleans, bytes as strings, kernel objects, lists as
    // sequences, dictionaries as tables.
    private void PushValue(Lua lua, object value)
    {
        switch (value)
        {
            case string s:
                lua.PushString(s);
                break;
            case long l:
                lua.PushInteger(l);
                break;
            case bool b:
                lua.PushBoolean(b);
                break;
            case byte[] bytes:
                PushBytes(lua, bytes);
                break;
            case KObject o:
                PushObject(lua, o);
                break;
            case List<object> list:
                lua.CreateTable(list.Count, 0);
                for (int i = 0; i < list.Count; i++)
                {
                    PushValue(lua, list[i]);
                    lua.RawSetInteger(-2, i + 1);
                }
                break;
            case Dictionary<string, object> map:
                lua.CreateTable(0, map.Count);
                foreach (var (k, v) in map)
                {
                    PushValue(lua, v);
                    lua.SetField(-2, k);
                }
                break;
            default:
                lua.PushString(value.ToString() ?? "");
                break;
        }
    }
}
