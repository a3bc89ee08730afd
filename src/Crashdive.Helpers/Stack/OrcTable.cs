using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// The kernel's ORC unwind table read from memory (<c>__start_orc_unwind_ip</c>: sorted 32-bit offsets
/// relative to each entry's own address; <c>__start_orc_unwind</c>: 6-byte entries), with the bit
/// layout of <c>struct orc_entry</c> taken from DWARF so that both the pre-6.4 and the 6.4+ formats
/// decode. Module tables (<c>mod-&gt;arch.orc_unwind_ip</c>) are added by <see cref="ForModule"/>.
/// </summary>
public sealed class OrcTable
{
    /// <summary>Most entries accepted from one table (a 6.x vmlinux has about 300k).</summary>
    public const int MaxEntries = 4_000_000;

    private readonly ulong[] _ips;
    private readonly byte[] _entries;
    private readonly OrcLayout _layout;

    private OrcTable(ulong[] ips, byte[] entries, OrcLayout layout)
    {
        _ips = ips;
        _entries = entries;
        _layout = layout;
    }

    /// <summary>Number of entries.</summary>
    public int Count => _ips.Length;

    /// <summary>Lowest and highest address covered.</summary>
    public (ulong Low, ulong High) Range => _ips.Length == 0 ? (0, 0) : (_ips[0], _ips[^1]);

    /// <summary>The vmlinux table, cached on the kernel; null when the kernel has no ORC symbols.</summary>
    public static OrcTable? ForVmlinux(KernelProgram kernel) => kernel.Cached(k => new Holder(LoadVmlinux(k))).Table;

    private sealed class Holder(OrcTable? table)
    {
        public OrcTable? Table { get; } = table;
    }

    private static OrcTable? LoadVmlinux(KernelProgram kernel)
    {
        if (kernel.SymbolAddress("__start_orc_unwind_ip") is not ulong ipStart
            || kernel.SymbolAddress("__stop_orc_unwind_ip") is not ulong ipStop
            || kernel.SymbolAddress("__start_orc_unwind") is not ulong orcStart)
            return null;
        if (ipStop <= ipStart || (ipStop - ipStart) / 4 > MaxEntries)
            return null;
        return Load(kernel, ipStart, orcStart, (int)((ipStop - ipStart) / 4));
    }

    /// <summary>A module's table from its <c>struct module</c> (<c>arch.orc_unwind_ip</c>, <c>arch.orc_unwind</c>, <c>arch.num_orcs</c>), or null.</summary>
    public static OrcTable? ForModule(KernelProgram kernel, KObject module)
    {
        try
        {
            KObject arch = module.Member("arch");
            ulong ip = arch.Member("orc_unwind_ip").ToUInt64(), orc = arch.Member("orc_unwind").ToUInt64();
            long n = arch.Member("num_orcs").ToInt64();
            if (ip == 0 || orc == 0 || n <= 0 || n > MaxEntries)
                return null;
            return Load(kernel, ip, orc, (int)n);
        }
        catch (Exception e) when (e is KernelObjectException or MemoryFaultException)
        {
            return null;
        }
    }

    private static OrcTable? Load(KernelProgram kernel, ulong ipStart, ulong orcStart, int n)
    {
        var raw = new byte[n * 4];
        var entries = new byte[n * 6];
        try
        {
            kernel.Memory.Read(ipStart, raw);
            kernel.Memory.Read(orcStart, entries);
        }
        catch (MemoryFaultException)
        {
            return null;
        }
        var ips = new ulong[n];
        for (int i = 0; i < n; i++)
            ips[i] = unchecked(ipStart + (ulong)(i * 4) + (ulong)(long)BitConverter.ToInt32(raw, i * 4));
        return new OrcTable(ips, entries, OrcLayout.Of(kernel));
    }

    /// <summary>The entry covering <paramref name="ip"/> (the last one at or below it), or null outside the table.</summary>
    public OrcEntry? Find(ulong ip)
    {
        int lo = 0, hi = _ips.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_ips[mid] <= ip)
            {
                found = mid;
                lo = mid + 1;
            }
            else
                hi = mid - 1;
        }
        if (found < 0 || ip > _ips[^1] + 0x100000)
            return null;
        return _layout.Decode(_entries.AsSpan(found * 6, 6));
    }

    /// <summary>Bit positions of <c>struct orc_entry</c>'s fields in this kernel.</summary>
    private sealed record OrcLayout(int SpReg, int BpReg, int Type, int TypeBits, int End, int Signal, bool NewTypes)
    {
        public static OrcLayout Of(KernelProgram kernel)
        {
            // 6.1: sp_reg:4 bp_reg:4 type:2 end:1 (bits 32..42); 6.4+: sp_reg:4 bp_reg:4 type:3 signal:1.
            if (kernel.FindType("struct orc_entry")?.Underlying() is StructType st)
            {
                int Bit(string name) => st.FindMember(name) is MemberLookup m ? (int)m.BitOffset : -1;
                int Size(string name) => st.FindMember(name) is MemberLookup m && m.Member.IsBitField ? (int)m.Member.BitSize : 0;
                int type = Bit("type");
                if (type >= 0)
                    return new OrcLayout(Bit("sp_reg"), Bit("bp_reg"), type, Size("type"), Bit("end"), Bit("signal"), Size("type") >= 3);
            }
            return new OrcLayout(32, 36, 40, 2, 42, -1, false);
        }

        public OrcEntry Decode(ReadOnlySpan<byte> e)
        {
            ulong bits = 0;
            for (int i = 0; i < 6; i++)
                bits |= (ulong)e[i] << (8 * i);
            short sp = (short)(e[0] | e[1] << 8), bp = (short)(e[2] | e[3] << 8);
            byte spReg = (byte)((bits >> SpReg) & 0xf), bpReg = (byte)((bits >> BpReg) & 0xf);
            int raw = (int)((bits >> Type) & ((1UL << TypeBits) - 1));
            bool signal = Signal >= 0 && ((bits >> Signal) & 1) != 0;
            OrcFrameType t;
            if (NewTypes)
                t = raw switch { 0 => OrcFrameType.Undefined, 1 => OrcFrameType.EndOfStack, 2 => OrcFrameType.Call, 3 => OrcFrameType.Regs, 4 => OrcFrameType.RegsPartial, _ => OrcFrameType.Undefined };
            else
            {
                bool end = End >= 0 && ((bits >> End) & 1) != 0;
                t = end ? OrcFrameType.EndOfStack
                    : spReg == OrcRegister.Undefined ? OrcFrameType.Undefined
                    : raw switch { 0 => OrcFrameType.Call, 1 => OrcFrameType.Regs, 2 => OrcFrameType.RegsPartial, _ => OrcFrameType.Undefined };
            }
            if (t is OrcFrameType.Regs or OrcFrameType.RegsPartial)
                signal = true;
            return new OrcEntry(sp, bp, spReg, bpReg, t, signal);
        }
    }
}
