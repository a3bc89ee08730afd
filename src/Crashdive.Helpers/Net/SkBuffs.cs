using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Net;

/// <summary>
/// <c>struct sk_buff</c>: reading its fields and its <c>skb_shared_info</c> (at head + end), its page
/// fragments (6.1's <c>bio_vec</c>-like <c>skb_frag_t</c>, 6.6+'s <c>netmem</c>, older <c>page.p</c>), and
/// the bytes of the packet it holds (see <see cref="SkbBytes"/>).
/// </summary>
public static class SkBuffs
{
    /// <summary>The largest <c>end</c> accepted before the shared info is read (real heads stay far below).</summary>
    public const ulong MaxEnd = 16 << 20;

    /// <summary>
    /// Reads the sk_buff at <paramref name="address"/>. The shared info and frags are read only when the
    /// checks that make them safe to read pass (head set, end within <see cref="MaxEnd"/>); a fault on the
    /// sk_buff itself is a <see cref="Dumps.MemoryFaultException"/>.
    /// </summary>
    public static SkbLayout Read(KernelProgram kernel, ulong address)
    {
        CType type = kernel.Type("struct sk_buff");
        KObject skb = KObject.Reference(kernel, type, address);
        ulong head = skb.Member("head").ToUInt64();
        ulong data = skb.Member("data").ToUInt64();
        KObject tailObj = skb.Member("tail"), endObj = skb.Member("end");
        // NET_SKBUFF_DATA_USES_OFFSET (BITS_PER_LONG > 32): sk_buff_data_t is an unsigned int offset;
        // otherwise it is a pointer. The debuginfo says which.
        bool offsetMode = tailObj.UnderlyingType is not PointerType;
        ulong tail = offsetMode ? tailObj.ToUInt64() : unchecked(tailObj.ToUInt64() - head);
        ulong end = offsetMode ? endObj.ToUInt64() : unchecked(endObj.ToUInt64() - head);
        ulong dev = skb.Member("dev").ToUInt64();
        var layout = new SkbLayout
        {
            Address = address,
            Head = head,
            Data = data,
            Tail = tail,
            End = end,
            OffsetMode = offsetMode,
            Len = (uint)skb.Member("len").ToUInt64(),
            DataLen = (uint)skb.Member("data_len").ToUInt64(),
            Truesize = (uint)skb.Member("truesize").ToUInt64(),
            Users = (int)skb.Member("users.refs.counter").ToInt64(),
            MacHeader = (ushort)skb.Member("mac_header").ToUInt64(),
            NetworkHeader = (ushort)skb.Member("network_header").ToUInt64(),
            TransportHeader = (ushort)skb.Member("transport_header").ToUInt64(),
            InnerMacHeader = (ushort)skb.Member("inner_mac_header").ToUInt64(),
            InnerNetworkHeader = (ushort)skb.Member("inner_network_header").ToUInt64(),
            InnerTransportHeader = (ushort)skb.Member("inner_transport_header").ToUInt64(),
            Encapsulation = skb.Member("encapsulation").ToBool(),
            Protocol = Swap16((ushort)skb.Member("protocol").ToUInt64()),
            PktType = (int)skb.Member("pkt_type").ToUInt64(),
            IpSummed = (int)skb.Member("ip_summed").ToUInt64(),
            Next = skb.Member("next").ToUInt64(),
            Prev = skb.Member("prev").ToUInt64(),
            Dev = dev,
            DevName = dev == 0 ? "" : NetDevices.NameOrEmpty(skb.Member("dev")),
            Sk = skb.Member("sk").ToUInt64(),
            Nfct = skb.HasMember("_nfct") ? skb.Member("_nfct").ToUInt64() : 0,
            Timestamp = skb.HasMember("tstamp") ? skb.Member("tstamp").ToInt64() : 0,
        };
        if (skb.HasMember("vlan_tci"))
        {
            ushort tci = (ushort)skb.Member("vlan_tci").ToUInt64();
            ushort proto = Swap16((ushort)skb.Member("vlan_proto").ToUInt64());
            // skb_vlan_tag_present(): the vlan_present bit until 6.1, vlan_all != 0 since 6.2 (commit 354259fa73e2)
            bool present = skb.HasMember("vlan_present") ? skb.Member("vlan_present").ToBool() : tci != 0 || proto != 0;
            layout = layout with { VlanPresent = present, VlanTci = tci, VlanProto = proto };
        }
        if (head == 0 || end > MaxEnd || head + end < head)
            return layout;
        return ReadSharedInfo(kernel, layout);
    }

    private static SkbLayout ReadSharedInfo(KernelProgram kernel, SkbLayout layout)
    {
        KObject shinfo = KObject.Reference(kernel, kernel.Type("struct skb_shared_info"), layout.Head + layout.End);
        try
        {
            int nr = (int)shinfo.Member("nr_frags").ToUInt64();
            KObject frags = shinfo.Member("frags");
            int max = frags.UnderlyingType is ArrayType a && a.Length is ulong n ? (int)n : 17;
            var list = new List<SkbFrag>();
            for (int i = 0; i < Math.Min(nr, max); i++)
                list.Add(ReadFrag(kernel, frags.Index(i)));
            return layout with
            {
                GsoSize = (ushort)shinfo.Member("gso_size").ToUInt64(),
                GsoSegs = (ushort)shinfo.Member("gso_segs").ToUInt64(),
                GsoType = (uint)shinfo.Member("gso_type").ToUInt64(),
                NrFrags = nr,
                MaxFrags = max,
                Frags = list,
                FragList = shinfo.Member("frag_list").ToUInt64(),
                SharedInfoRead = true,
            };
        }
        catch (Dumps.MemoryFaultException)
        {
            return layout;
        }
    }

    /// <summary>
    /// One <c>skb_frag_t</c>: <c>bv_page/bv_len/bv_offset</c> (5.4-6.5, a <c>struct bio_vec</c>),
    /// <c>netmem/len/offset</c> (6.6+: <c>netmem_ref</c> with bit 0 set for a net_iov, which has no page),
    /// or <c>page.p/page_offset/size</c> (before 5.4).
    /// </summary>
    public static SkbFrag ReadFrag(KernelProgram kernel, KObject frag)
    {
        ulong page;
        uint offset, size;
        if (frag.HasMember("bv_page"))
        {
            page = frag.Member("bv_page").ToUInt64();
            offset = (uint)frag.Member("bv_offset").ToUInt64();
            size = (uint)frag.Member("bv_len").ToUInt64();
        }
        else if (frag.HasMember("netmem"))
        {
            ulong netmem = frag.Member("netmem").ToUInt64();
            page = (netmem & 1) != 0 ? 0 : netmem;
            offset = (uint)frag.Member("offset").ToUInt64();
            size = (uint)frag.Member("len").ToUInt64();
        }
        else
        {
            page = frag.Member("page.p").ToUInt64();
            offset = (uint)frag.Member("page_offset").ToUInt64();
            size = (uint)frag.Member("size").ToUInt64();
        }
        return new SkbFrag(page, offset, size, page == 0 ? null : PageToVirtual(kernel, page));
    }

    /// <summary>
    /// <c>page_address()</c> for a <c>struct page *</c> in the vmemmap (x86-64 SPARSEMEM_VMEMMAP): the
    /// direct-map address of its frame, or null when the pointer is outside the vmemmap.
    /// </summary>
    public static ulong? PageToVirtual(KernelProgram kernel, ulong page)
    {
        var regions = kernel.Regions;
        ulong pageSize = kernel.Type("struct page").Size ?? 64;
        if (page < regions.VmemmapStart || page > regions.VmemmapEnd || pageSize == 0)
            return null;
        ulong pfn = (page - regions.VmemmapStart) / pageSize;
        return regions.PageOffset + pfn * 4096;
    }

    /// <summary>The conntrack (<c>struct nf_conn *</c>) of <c>_nfct</c>, without its ctinfo bits.</summary>
    public static ulong Conntrack(SkbLayout skb) => skb.Nfct & ~7UL;

    /// <summary>The ctinfo (IP_CT_*) held in the low bits of <c>_nfct</c>.</summary>
    public static int ConntrackInfo(SkbLayout skb) => (int)(skb.Nfct & 7);

    private static ushort Swap16(ushort v) => (ushort)((v >> 8) | (v << 8));
}
