using System.Buffers.Binary;

namespace Crashdive.Dumps.Notes;

/// <summary>
/// QEMU's x86-64 CPU-state note (<c>QEMUCPUState</c> in QEMU's target/i386/arch_dump.c):
/// version, size, 16 GPRs, rip, rflags, 6 segments + ldt, tr, gdt, idt (24 bytes each),
/// cr[5], and from version 1 kernel_gs_base.
/// </summary>
internal static class QemuCpuState
{
    private static readonly string[] Gprs =
        ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rsp", "rbp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];

    private static readonly string[] Segments = ["cs", "ds", "es", "fs", "gs", "ss", "ldt", "tr", "gdt", "idt"];

    private const int SegmentSize = 24; // selector, limit, flags, pad (u32 each), base (u64)

    /// <summary>Decodes one note's descriptor, or null when it is too short to be one.</summary>
    public static CpuRegisters? Decode(ReadOnlySpan<byte> d, int index)
    {
        int regsEnd = 8 + 8 * (Gprs.Length + 2);
        int segEnd = regsEnd + SegmentSize * Segments.Length;
        int crEnd = segEnd + 8 * 5;
        if (d.Length < crEnd)
            return null;
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(d);
        var values = new List<KeyValuePair<string, ulong>>(48);
        int pos = 8;
        foreach (string r in Gprs)
        {
            values.Add(new(r, BinaryPrimitives.ReadUInt64LittleEndian(d[pos..])));
            pos += 8;
        }
        values.Add(new("rip", BinaryPrimitives.ReadUInt64LittleEndian(d[pos..])));
        values.Add(new("eflags", BinaryPrimitives.ReadUInt64LittleEndian(d[(pos + 8)..])));
        pos += 16;
        foreach (string s in Segments)
        {
            values.Add(new(s, BinaryPrimitives.ReadUInt32LittleEndian(d[pos..])));
            values.Add(new(s + "_base", BinaryPrimitives.ReadUInt64LittleEndian(d[(pos + 16)..])));
            values.Add(new(s + "_limit", BinaryPrimitives.ReadUInt32LittleEndian(d[(pos + 4)..])));
            pos += SegmentSize;
        }
        for (int i = 0; i < 5; i++)
        {
            values.Add(new("cr" + i, BinaryPrimitives.ReadUInt64LittleEndian(d[pos..])));
            pos += 8;
        }
        if (version >= 1 && d.Length >= pos + 8)
            values.Add(new("kernel_gs_base", BinaryPrimitives.ReadUInt64LittleEndian(d[pos..])));
        return new CpuRegisters(index, "QEMU", -1, values);
    }
}
