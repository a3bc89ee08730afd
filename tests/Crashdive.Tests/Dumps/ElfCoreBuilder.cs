using System.Buffers.Binary;
using System.Text;

namespace Crashdive.Tests.Dumps;

/// <summary>
/// Builds small ELF64 little-endian x86-64 core files for the parser's bound tests. Layout:
/// ELF header, program headers (PT_NOTEs first, then the PT_LOADs in the order added), section
/// header 0 when PN_XNUM is asked for, the note areas, then each PT_LOAD's bytes back to back
/// (unaligned, as makedumpfile writes them).
/// </summary>
internal sealed class ElfCoreBuilder
{
    public const int PrstatusSize = 336;
    public const int PrstatusPidOffset = 32;
    public const int PrstatusRipOffset = 112 + 16 * 8; // pr_reg[16] is rip in user_regs_struct

    private readonly List<List<byte[]>> _noteAreas = [[]];
    private readonly List<(ulong VAddr, ulong PAddr, byte[] Data, ulong MemSz)> _loads = [];

    /// <summary>Write e_phnum as PN_XNUM and the real count in section 0's sh_info.</summary>
    public bool PnXnum { get; init; }

    /// <summary>Adds a note to the current PT_NOTE area.</summary>
    public ElfCoreBuilder Note(string name, uint type, byte[] desc)
    {
        _noteAreas[^1].Add(EncodeNote(name, type, desc));
        return this;
    }

    /// <summary>Starts another PT_NOTE segment.</summary>
    public ElfCoreBuilder NextNoteSegment()
    {
        _noteAreas.Add([]);
        return this;
    }

    /// <summary>Adds an NT_PRSTATUS note with the given pid and rip.</summary>
    public ElfCoreBuilder Prstatus(int pid, ulong rip)
    {
        var desc = new byte[PrstatusSize];
        BinaryPrimitives.WriteInt32LittleEndian(desc.AsSpan(PrstatusPidOffset), pid);
        BinaryPrimitives.WriteUInt64LittleEndian(desc.AsSpan(PrstatusRipOffset), rip);
        return Note("CORE", 1, desc);
    }

    /// <summary>Adds a VMCOREINFO note holding <paramref name="text"/>.</summary>
    public ElfCoreBuilder VmcoreInfo(string text) => Note("VMCOREINFO", 0, Encoding.ASCII.GetBytes(text));

    /// <summary>Adds a PT_LOAD at physical <paramref name="paddr"/> (-1: none) with <paramref name="data"/> in the file.</summary>
    public ElfCoreBuilder Load(ulong paddr, byte[] data, ulong? memsz = null, ulong? vaddr = null)
    {
        _loads.Add((vaddr ?? 0, paddr, data, memsz ?? (ulong)data.Length));
        return this;
    }

    /// <summary>Lays the file out.</summary>
    public ElfCoreImage Build()
    {
        var areas = _noteAreas.Where(a => a.Count > 0).Select(a => a.SelectMany(n => n).ToArray()).ToList();
        int phCount = areas.Count + _loads.Count;
        long phoff = 64;
        long shoff = PnXnum ? phoff + phCount * 56L : 0;
        long pos = phoff + phCount * 56L + (PnXnum ? 64 : 0);
        var noteOffsets = new long[areas.Count];
        for (int i = 0; i < areas.Count; i++)
        {
            noteOffsets[i] = pos;
            pos += areas[i].Length;
        }
        var loadOffsets = new long[_loads.Count];
        for (int i = 0; i < _loads.Count; i++)
        {
            loadOffsets[i] = pos;
            pos += _loads[i].Data.Length;
        }

        var b = new byte[pos];
        "\x7f"u8.CopyTo(b);
        "ELF"u8.CopyTo(b.AsSpan(1));
        b[4] = 2; // ELFCLASS64
        b[5] = 1; // ELFDATA2LSB
        b[6] = 1; // EV_CURRENT
        PutU16(b, 16, 4); // ET_CORE
        PutU16(b, 18, 62); // EM_X86_64
        PutU32(b, 20, 1);
        PutU64(b, 32, (ulong)phoff);
        PutU64(b, 40, (ulong)shoff);
        PutU16(b, 52, 64);
        PutU16(b, 54, 56);
        PutU16(b, 56, PnXnum ? (ushort)0xffff : (ushort)phCount);
        PutU16(b, 58, PnXnum ? (ushort)64 : (ushort)0);
        PutU16(b, 60, PnXnum ? (ushort)1 : (ushort)0);
        if (PnXnum)
            PutU32(b, (int)shoff + 44, (uint)phCount); // section 0 sh_info

        int ph = (int)phoff;
        for (int i = 0; i < areas.Count; i++, ph += 56)
        {
            WritePhdr(b, ph, 4, noteOffsets[i], 0, 0, (ulong)areas[i].Length, (ulong)areas[i].Length);
            areas[i].CopyTo(b, noteOffsets[i]);
        }
        for (int i = 0; i < _loads.Count; i++, ph += 56)
        {
            var l = _loads[i];
            WritePhdr(b, ph, 1, loadOffsets[i], l.VAddr, l.PAddr, (ulong)l.Data.Length, l.MemSz);
            l.Data.CopyTo(b, loadOffsets[i]);
        }
        return new ElfCoreImage(b, phoff, phCount, areas.Count, noteOffsets, areas.Select(a => a.Length).ToArray(), loadOffsets, shoff);
    }

    private static void WritePhdr(byte[] b, int at, uint type, long offset, ulong vaddr, ulong paddr, ulong filesz, ulong memsz)
    {
        PutU32(b, at, type);
        PutU32(b, at + 4, 7); // PF_R | PF_W | PF_X
        PutU64(b, at + 8, (ulong)offset);
        PutU64(b, at + 16, vaddr);
        PutU64(b, at + 24, paddr);
        PutU64(b, at + 32, filesz);
        PutU64(b, at + 40, memsz);
    }

    private static byte[] EncodeNote(string name, uint type, byte[] desc)
    {
        byte[] n = Encoding.ASCII.GetBytes(name + "\0");
        int nameLen = (n.Length + 3) & ~3, descLen = (desc.Length + 3) & ~3;
        var b = new byte[12 + nameLen + descLen];
        PutU32(b, 0, (uint)n.Length);
        PutU32(b, 4, (uint)desc.Length);
        PutU32(b, 8, type);
        n.CopyTo(b, 12);
        desc.CopyTo(b, 12 + nameLen);
        return b;
    }

    /// <summary>Bytes 0, 1, 2... so every page's content is recognisable; <paramref name="seed"/> shifts them.</summary>
    public static byte[] Pattern(int length, int seed)
    {
        var b = new byte[length];
        for (int i = 0; i < length; i++)
            b[i] = (byte)(i * 7 + seed + (i >> 12));
        return b;
    }

    public static void PutU16(byte[] b, long at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan((int)at), v);
    public static void PutU32(byte[] b, long at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan((int)at), v);
    public static void PutU64(byte[] b, long at, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan((int)at), v);
}
