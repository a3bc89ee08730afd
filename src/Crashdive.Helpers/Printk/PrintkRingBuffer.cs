using System.Buffers.Binary;
using System.Text;
using Crashdive.Dumps;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Printk;

/// <summary>
/// The lockless printk ring buffer of Linux 5.10+ (<c>struct printk_ringbuffer *prb</c>):
/// a descriptor ring, an info array and a text data ring. Layout offsets come from the
/// kernel's own VMCOREINFO export (<c>OFFSET(printk_info.seq)</c> and friends), which every
/// 5.10+ kernel writes for dump tools.
/// </summary>
public sealed class PrintkRingBuffer
{
    /// <summary>Largest descriptor ring accepted (count_bits); the kernel's maximum log is far below.</summary>
    public const int MaxCountBits = 24;
    /// <summary>Largest text ring accepted (size_bits).</summary>
    public const int MaxSizeBits = 28;

    private const int StateShift = 62;
    private const ulong IdMask = ~(3UL << StateShift);
    private const ulong Committed = 1, Finalized = 2;

    private readonly byte[] _descs;
    private readonly byte[] _infos;
    private readonly byte[] _text;
    private readonly Offsets _o;
    private readonly ulong _count;
    private readonly ulong _tailId, _headId;

    private PrintkRingBuffer(Offsets o, ulong count, byte[] descs, byte[] infos, byte[] text, ulong tailId, ulong headId, ulong address)
    {
        _o = o;
        _count = count;
        _descs = descs;
        _infos = infos;
        _text = text;
        _tailId = tailId;
        _headId = headId;
        Address = address;
    }

    /// <summary>Address of the <c>struct printk_ringbuffer</c> read.</summary>
    public ulong Address { get; }

    /// <summary>Number of descriptors in the ring.</summary>
    public ulong DescriptorCount => _count;

    /// <summary>Size of the text data ring in bytes.</summary>
    public int TextRingSize => _text.Length;

    /// <summary>
    /// Reads the ring buffer of <paramref name="kernel"/>. Throws <see cref="PrintkException"/> naming
    /// what was missing or inconsistent, or <see cref="MemoryFaultException"/> for memory the dump lacks.
    /// </summary>
    public static PrintkRingBuffer Read(KernelProgram kernel)
    {
        var info = kernel.VmcoreInfo ?? throw new PrintkException("the dump has no VMCOREINFO to describe the printk ring buffer");
        var o = Offsets.FromVmcoreInfo(info);
        ulong prbVar = kernel.SymbolAddress("prb") ?? throw new PrintkException("no SYMBOL(prb) in VMCOREINFO: not a 5.10+ lockless printk kernel");
        var mem = kernel.Memory;
        ulong prb = mem.ReadPointer(prbVar);

        var head = new byte[o.RingSize];
        mem.Read(prb, head);
        var span = head.AsSpan();
        uint countBits = BinaryPrimitives.ReadUInt32LittleEndian(span[(o.DescRing + o.CountBits)..]);
        uint sizeBits = BinaryPrimitives.ReadUInt32LittleEndian(span[(o.TextRing + o.SizeBits)..]);
        if (countBits > MaxCountBits)
            throw new PrintkException($"prb_desc_ring.count_bits {countBits} is absurd (max {MaxCountBits})");
        if (sizeBits > MaxSizeBits || sizeBits < 3)
            throw new PrintkException($"prb_data_ring.size_bits {sizeBits} is absurd");
        ulong count = 1UL << (int)countBits;
        ulong descsAddr = BinaryPrimitives.ReadUInt64LittleEndian(span[(o.DescRing + o.Descs)..]);
        ulong infosAddr = BinaryPrimitives.ReadUInt64LittleEndian(span[(o.DescRing + o.Infos)..]);
        ulong headId = BinaryPrimitives.ReadUInt64LittleEndian(span[(o.DescRing + o.HeadId)..]);
        ulong tailId = BinaryPrimitives.ReadUInt64LittleEndian(span[(o.DescRing + o.TailId)..]);
        ulong dataAddr = BinaryPrimitives.ReadUInt64LittleEndian(span[(o.TextRing + o.Data)..]);

        var descs = new byte[checked((int)count * o.DescSize)];
        mem.Read(descsAddr, descs);
        var infos = new byte[checked((int)count * o.InfoSize)];
        mem.Read(infosAddr, infos);
        var text = new byte[1 << (int)sizeBits];
        mem.Read(dataAddr, text);
        return new PrintkRingBuffer(o, count, descs, infos, text, tailId & IdMask, headId & IdMask, prb);
    }

    /// <summary>
    /// The committed and finalized records from the oldest to the newest, as crash walks them
    /// (tail id to head id). The walk is bounded by the ring's size, so a corrupt id cannot loop.
    /// </summary>
    public IEnumerable<PrintkRecord> Records()
    {
        ulong id = _tailId;
        for (ulong steps = 0; steps <= _count; steps++)
        {
            var r = RecordAt(id);
            if (r != null)
                yield return r;
            if (id == _headId)
                yield break;
            id = (id + 1) & IdMask;
        }
    }

    private PrintkRecord? RecordAt(ulong id)
    {
        int slot = (int)(id % _count);
        var desc = _descs.AsSpan(slot * _o.DescSize, _o.DescSize);
        ulong stateVar = BinaryPrimitives.ReadUInt64LittleEndian(desc[_o.StateVar..]);
        if ((stateVar & IdMask) != id)
            return null;
        ulong state = (stateVar >> StateShift) & 3;
        if (state != Committed && state != Finalized)
            return null;
        var info = _infos.AsSpan(slot * _o.InfoSize, _o.InfoSize);
        ulong seq = BinaryPrimitives.ReadUInt64LittleEndian(info[_o.Seq..]);
        ulong ts = BinaryPrimitives.ReadUInt64LittleEndian(info[_o.TsNsec..]);
        int textLen = BinaryPrimitives.ReadUInt16LittleEndian(info[_o.TextLen..]);
        // struct printk_info: u16 text_len; u8 facility; u8 flags:5, level:3 (stable since 5.10)
        int facility = info[_o.TextLen + 2];
        int level = info[_o.TextLen + 3] >> 5;
        uint caller = BinaryPrimitives.ReadUInt32LittleEndian(info[_o.CallerId..]);
        string subsystem = CString(info.Slice(_o.DevInfo + _o.Subsystem, _o.SubsystemLength));
        string device = CString(info.Slice(_o.DevInfo + _o.Device, _o.DeviceLength));

        ulong size = (ulong)_text.Length;
        ulong begin = BinaryPrimitives.ReadUInt64LittleEndian(desc[(_o.TextLpos + _o.LposBegin)..]) % size;
        ulong next = BinaryPrimitives.ReadUInt64LittleEndian(desc[(_o.TextLpos + _o.LposNext)..]) % size;
        string? text = null;
        if (begin != next)
        {
            if (begin > next)
                begin = 0; // the block wrapped: its data starts at the beginning of the ring
            begin += 8;    // skip the descriptor id stored before the text
            if (begin <= next)
            {
                ulong avail = next - begin;
                int len = (int)Math.Min((ulong)textLen, avail);
                text = Encoding.Latin1.GetString(_text, (int)begin, len);
            }
            else
            {
                text = "";
            }
        }
        return new PrintkRecord(seq, ts, level, facility, caller, text, subsystem, device);
    }

    private static string CString(ReadOnlySpan<byte> b)
    {
        int nul = b.IndexOf((byte)0);
        return Encoding.Latin1.GetString(nul < 0 ? b : b[..nul]);
    }
}
