using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Net;

/// <summary>
/// Connection tracking (<c>struct nf_conn</c>, include/net/netfilter/nf_conntrack.h) as an sk_buff
/// points to it through <c>_nfct</c> (the pointer with the ctinfo in its low 3 bits). The types come
/// from the vmlinux's debuginfo (the structure is declared there even when nf_conntrack is a module);
/// the status bit names from <c>enum ip_conntrack_status</c>.
/// </summary>
public static class Conntrack
{
    /// <summary>IP_CT_UNTRACKED: the ctinfo of a packet marked untracked (its pointer is then NULL).</summary>
    public const int Untracked = 7;

    /// <summary>The ctinfo (enum ip_conntrack_info) name.</summary>
    public static string CtInfoName(int ctinfo) => ctinfo switch
    {
        0 => "ESTABLISHED",
        1 => "RELATED",
        2 => "NEW",
        3 => "ESTABLISHED_REPLY",
        4 => "RELATED_REPLY",
        7 => "UNTRACKED",
        _ => ctinfo.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>True when the nf_conntrack module is loaded (or built in: then its symbol nf_conntrack_hash exists).</summary>
    public static bool Loaded(KernelProgram kernel) =>
        Modules.Modules.Find(kernel, "nf_conntrack") != null || kernel.SymbolAddress("nf_conntrack_hash") != null;

    /// <summary>Reads the <c>struct nf_conn</c> at <paramref name="address"/> in one read and decodes it.</summary>
    public static ConntrackInfo Read(KernelProgram kernel, ulong address)
    {
        CType type = kernel.FindType("struct nf_conn") ?? throw new NetException("struct nf_conn is not in the debuginfo");
        ulong size = type.Size ?? throw new NetException("struct nf_conn has no size");
        if (size > 4096)
            throw new NetException($"struct nf_conn of {size} bytes is beyond any real layout");
        var bytes = new byte[size];
        kernel.Memory.Read(address, bytes);
        return Decode(KObject.Value(kernel, type, bytes), address);
    }

    /// <summary>Decodes <paramref name="ct"/> (a <c>struct nf_conn</c>, in memory or a value), which lives at <paramref name="address"/>.</summary>
    public static ConntrackInfo Decode(KObject ct, ulong address)
    {
        ulong status = ct.Member("status").ToUInt64();
        KObject hash = ct.Member("tuplehash");
        return new ConntrackInfo(
            address,
            Counter(ct.Member("ct_general.use")),
            status,
            StatusNames(ct.Kernel, status),
            ct.HasMember("mark") ? (uint)ct.Member("mark").ToUInt64() : null,
            (uint)ct.Member("timeout").ToUInt64(),
            Tuple(hash.Index(0).Member("tuple")),
            Tuple(hash.Index(1).Member("tuple")));
    }

    /// <summary>The IPS_* names of the bits of <paramref name="status"/>, from <c>enum ip_conntrack_status</c> (unknown bits as <c>bitN</c>).</summary>
    public static IReadOnlyList<string> StatusNames(KernelProgram kernel, ulong status)
    {
        var names = kernel.Cached(BuildNames);
        var result = new List<string>();
        for (int bit = 0; bit < 64; bit++)
        {
            if ((status >> bit & 1) != 0)
                result.Add(names.TryGetValue(bit, out string? n) ? n : $"bit{bit}");
        }
        return result;
    }

    private static Dictionary<int, string> BuildNames(KernelProgram kernel)
    {
        var names = new Dictionary<int, string>();
        if (kernel.FindType("enum ip_conntrack_status")?.Underlying() is EnumType e)
        {
            // later aliases win: IPS_NAT_CLASH_BIT replaced IPS_UNTRACKED_BIT (same bit 12) in 5.x
            foreach (var en in e.Enumerators)
            {
                if (en.Name.StartsWith("IPS_", StringComparison.Ordinal) && en.Name.EndsWith("_BIT", StringComparison.Ordinal) && en.Value is >= 0 and < 64)
                    names[(int)en.Value] = en.Name[4..^4];
            }
        }
        return names;
    }

    private static ConntrackTuple Tuple(KObject t)
    {
        int l3 = (int)t.Member("src.l3num").ToUInt64();
        int proto = (int)t.Member("dst.protonum").ToUInt64();
        int len = l3 == 10 ? 16 : 4;
        byte[] src = t.Member("src.u3").ReadBytes()[..len], dst = t.Member("dst.u3").ReadBytes()[..len];
        int sport = Swap((ushort)t.Member("src.u.all").ToUInt64());
        int dport = Swap((ushort)t.Member("dst.u.all").ToUInt64());
        if (proto is 1 or 58)
        {
            // ICMP keeps type and code as two bytes in dst.u, and the echo id in src.u (network order)
            dport = (int)(t.Member("dst.u.icmp.type").ToUInt64() << 8 | t.Member("dst.u.icmp.code").ToUInt64());
        }
        return new ConntrackTuple(l3, proto, src, dst, sport, dport);
    }

    // refcount_t (4.11+: refs.counter) or atomic_t (counter)
    private static long Counter(KObject use) =>
        use.HasMember("refs") ? use.Member("refs.counter").ToInt64() : use.HasMember("counter") ? use.Member("counter").ToInt64() : use.ToInt64();

    private static int Swap(ushort v) => (ushort)((v >> 8) | (v << 8));
}
