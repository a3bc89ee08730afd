using Crashdive.Dumps;

namespace Crashdive.Helpers.Printk;

/// <summary>Member offsets and sizes of the printk ring buffer structures, from VMCOREINFO.</summary>
internal sealed class Offsets
{
    public int RingSize, DescRing, TextRing;
    public int CountBits, Descs, Infos, HeadId, TailId;
    public int DescSize, StateVar, TextLpos, LposBegin, LposNext;
    public int InfoSize, Seq, TsNsec, TextLen, CallerId, DevInfo, Subsystem, Device, SubsystemLength, DeviceLength;
    public int SizeBits, Data;

    /// <summary>Reads every needed value, or throws naming the first one VMCOREINFO lacks or has absurd.</summary>
    public static Offsets FromVmcoreInfo(VmcoreInfo vi)
    {
        int counter = (int)(vi.Offset("atomic_long_t.counter") ?? 0);
        var o = new Offsets
        {
            RingSize = Need(vi.Size("printk_ringbuffer"), "SIZE(printk_ringbuffer)", 4096),
            DescRing = Need(vi.Offset("printk_ringbuffer.desc_ring"), "OFFSET(printk_ringbuffer.desc_ring)"),
            TextRing = Need(vi.Offset("printk_ringbuffer.text_data_ring"), "OFFSET(printk_ringbuffer.text_data_ring)"),
            CountBits = Need(vi.Offset("prb_desc_ring.count_bits"), "OFFSET(prb_desc_ring.count_bits)"),
            Descs = Need(vi.Offset("prb_desc_ring.descs"), "OFFSET(prb_desc_ring.descs)"),
            Infos = Need(vi.Offset("prb_desc_ring.infos"), "OFFSET(prb_desc_ring.infos)"),
            HeadId = Need(vi.Offset("prb_desc_ring.head_id"), "OFFSET(prb_desc_ring.head_id)") + counter,
            TailId = Need(vi.Offset("prb_desc_ring.tail_id"), "OFFSET(prb_desc_ring.tail_id)") + counter,
            DescSize = Need(vi.Size("prb_desc"), "SIZE(prb_desc)", 4096),
            StateVar = Need(vi.Offset("prb_desc.state_var"), "OFFSET(prb_desc.state_var)") + counter,
            TextLpos = Need(vi.Offset("prb_desc.text_blk_lpos"), "OFFSET(prb_desc.text_blk_lpos)"),
            LposBegin = Need(vi.Offset("prb_data_blk_lpos.begin"), "OFFSET(prb_data_blk_lpos.begin)"),
            LposNext = Need(vi.Offset("prb_data_blk_lpos.next"), "OFFSET(prb_data_blk_lpos.next)"),
            InfoSize = Need(vi.Size("printk_info"), "SIZE(printk_info)", 4096),
            Seq = Need(vi.Offset("printk_info.seq"), "OFFSET(printk_info.seq)"),
            TsNsec = Need(vi.Offset("printk_info.ts_nsec"), "OFFSET(printk_info.ts_nsec)"),
            TextLen = Need(vi.Offset("printk_info.text_len"), "OFFSET(printk_info.text_len)"),
            CallerId = Need(vi.Offset("printk_info.caller_id"), "OFFSET(printk_info.caller_id)"),
            DevInfo = Need(vi.Offset("printk_info.dev_info"), "OFFSET(printk_info.dev_info)"),
            Subsystem = Need(vi.Offset("dev_printk_info.subsystem"), "OFFSET(dev_printk_info.subsystem)"),
            Device = Need(vi.Offset("dev_printk_info.device"), "OFFSET(dev_printk_info.device)"),
            SubsystemLength = Need(vi.Length("printk_info_subsystem"), "LENGTH(printk_info_subsystem)", 256),
            DeviceLength = Need(vi.Length("printk_info_device"), "LENGTH(printk_info_device)", 256),
            SizeBits = Need(vi.Offset("prb_data_ring.size_bits"), "OFFSET(prb_data_ring.size_bits)"),
            Data = Need(vi.Offset("prb_data_ring.data"), "OFFSET(prb_data_ring.data)"),
        };
        Check(o.DescRing + o.TailId + 8 <= o.RingSize && o.TextRing + o.Data + 8 <= o.RingSize, "printk_ringbuffer members past its size");
        Check(o.StateVar + 8 <= o.DescSize && o.TextLpos + Math.Max(o.LposBegin, o.LposNext) + 8 <= o.DescSize, "prb_desc members past its size");
        Check(o.Seq + 8 <= o.InfoSize && o.TsNsec + 8 <= o.InfoSize && o.TextLen + 4 <= o.InfoSize && o.CallerId + 4 <= o.InfoSize
              && o.DevInfo + o.Subsystem + o.SubsystemLength <= o.InfoSize && o.DevInfo + o.Device + o.DeviceLength <= o.InfoSize,
              "printk_info members past its size");
        return o;
    }

    private static int Need(long? v, string key, int max = 1 << 16)
    {
        if (v is not long x)
            throw new PrintkException($"VMCOREINFO lacks {key}");
        if (x < 0 || x > max)
            throw new PrintkException($"VMCOREINFO {key}={x} is absurd");
        return (int)x;
    }

    private static void Check(bool ok, string what)
    {
        if (!ok)
            throw new PrintkException($"VMCOREINFO printk layout is inconsistent: {what}");
    }
}
