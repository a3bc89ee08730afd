using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Crashdive.Dumps.Notes;
using Crashdive.Dumps.Sources;

namespace Crashdive.Dumps.Elf;

public sealed partial class ElfDump
{
    /// <summary>Most program headers a dump may have. A QEMU paging dump writes one per contiguous
    /// virtual mapping (228 for a 512 MiB guest); 2^21 entries is 112 MiB of table.</summary>
    public const int MaxProgramHeaders = 1 << 21;

    /// <summary>Most bytes of notes read (all PT_NOTEs together): 8192 CPUs with PRSTATUS and QEMU notes need about 7 MiB.</summary>
    public const long MaxNoteBytes = 64L << 20;

    private const ushort EtCore = 4;          // ET_CORE
    private const ushort PnXnum = 0xffff;     // PN_XNUM
    private const byte ElfClass32 = 1, ElfClass64 = 2;
    private const byte ElfData2Lsb = 1, ElfData2Msb = 2;
    private const uint NtTaskStruct = 4;      // NT_TASKSTRUCT: only /proc/kcore writes it in a kernel dump

    /// <summary>
    /// Reads the ELF header, program headers and notes of <paramref name="source"/>. Anything that
    /// is not an ELF64 little-endian x86-64 core, or whose tables are cut short or contradict
    /// themselves, is refused with a <see cref="DumpFormatException"/> naming the offset. A file cut
    /// inside its PT_LOAD data opens; <see cref="Describe"/> says how much is missing.
    /// </summary>
    public static ElfDump Open(IFileSource source)
    {
        try
        {
            return OpenChecked(source);
        }
        catch (IOException e)
        {
            // a failing disk, or /proc/kcore refusing a read: still one line, not a stack trace
            throw new DumpFormatException(source.Path, -1, "read error: " + e.Message);
        }
    }

    private static ElfDump OpenChecked(IFileSource source)
    {
        string path = source.Path;
        long length = source.Length;
        var eh = ReadHeader(source);

        if (eh.PhEntSize != Elf64ProgramHeader.Size)
            throw new DumpFormatException(path, Elf64Header.PhEntSizeOffset,
                $"e_phentsize is {eh.PhEntSize}, expected {Elf64ProgramHeader.Size} (the size of Elf64_Phdr)");
        // e_ehsize is not checked: QEMU's dump-guest-memory writes 8 there (a pointer's size).

        var (count, countOffset, fromSection0) = ProgramHeaderCount(source, eh);
        if (count == 0)
            throw new DumpFormatException(path, countOffset, "no program headers (e_phnum 0): the file holds no memory");
        if (count > MaxProgramHeaders)
            throw new DumpFormatException(path, countOffset,
                $"{count} program headers is more than {MaxProgramHeaders}: not a plausible dump");
        if (eh.PhOff < Elf64Header.Size)
            throw new DumpFormatException(path, Elf64Header.PhOffOffset, $"e_phoff 0x{eh.PhOff:x} lies inside the ELF header");
        if (eh.PhOff > (ulong)length)
            throw new DumpFormatException(path, Elf64Header.PhOffOffset,
                $"e_phoff 0x{eh.PhOff:x} points past the end of the file ({length} bytes)");
        long phoff = (long)eh.PhOff;
        long tableSize = (long)count * Elf64ProgramHeader.Size;
        if (phoff + tableSize > length) // checked before allocating: a bogus count must not cost memory
            throw new DumpFormatException(path, length,
                $"file is truncated: program header table ({count} entries) needs {tableSize} bytes at 0x{phoff:x}, the file ends after {length - phoff}");
        var table = new byte[tableSize];
        source.ReadExactly(phoff, table, $"program header table ({count} entries)");

        var loads = new List<ElfSegment>();
        var noteAreas = new List<(byte[] Data, long FileOffset)>();
        long noteBytes = 0, expected = 0;
        int others = 0;
        for (int i = 0; i < count; i++)
        {
            var ph = MemoryMarshal.Read<Elf64ProgramHeader>(table.AsSpan(i * Elf64ProgramHeader.Size));
            long at = phoff + (long)i * Elf64ProgramHeader.Size;
            switch (ph.Type)
            {
                case Elf64ProgramHeader.PtNote:
                    if (ph.FileSz == 0)
                        break;
                    if (ph.FileSz > (ulong)(MaxNoteBytes - noteBytes))
                        throw new DumpFormatException(path, at + Elf64ProgramHeader.FileSzOffset,
                            $"PT_NOTE (program header {i}): p_filesz 0x{ph.FileSz:x} brings the notes past {MaxNoteBytes >> 20} MiB");
                    if (ph.Offset > (ulong)length)
                        throw new DumpFormatException(path, at + Elf64ProgramHeader.OffsetOffset,
                            $"PT_NOTE (program header {i}): p_offset 0x{ph.Offset:x} points past the end of the file ({length} bytes)");
                    var area = new byte[ph.FileSz];
                    source.ReadExactly((long)ph.Offset, area, $"PT_NOTE (program header {i})");
                    noteAreas.Add((area, (long)ph.Offset));
                    noteBytes += area.Length;
                    expected = Math.Max(expected, (long)ph.Offset + area.Length);
                    break;
                case Elf64ProgramHeader.PtLoad:
                    loads.Add(CheckLoad(path, ph, i, at));
                    if (ph.FileSz > 0)
                        expected = Math.Max(expected, (long)(ph.Offset + ph.FileSz));
                    break;
                default:
                    others++;
                    break;
            }
        }
        if (loads.Count == 0)
            throw new DumpFormatException(path, phoff, $"no PT_LOAD among the {count} program headers: the file holds no memory");

        var parsed = DumpNotes.Parse(noteAreas, path);
        bool pathIsKcore = IsProcKcore(path);
        bool kcore = pathIsKcore || HasTaskStructNote(parsed) || HasNoPhysicalSegment(loads);
        var segments = CheckPhysicalEnds(path, loads, phoff, kcore);
        CheckOverlaps(path, segments, phoff);

        var facts = new HeaderFacts(eh.Machine, eh.EhSize, eh.PhOff, (int)count, fromSection0, noteAreas.Count, noteBytes, others, expected, pathIsKcore);
        // kcore's NT_PRSTATUS is zeros: a live kernel has no crashed CPU to describe.
        var notes = kcore ? parsed.WithoutPrstatus() : parsed;
        return new ElfDump(source, facts, segments, notes, kcore ? DumpFormat.Kcore : DumpFormat.Elf,
            DetectProducer(kcore, parsed, segments));
    }

    /// <summary>Reads e_ident and the header; refuses anything but an ELF64 little-endian x86-64 core, saying what it is.</summary>
    private static Elf64Header ReadHeader(IFileSource source)
    {
        string path = source.Path;
        Span<byte> raw = stackalloc byte[Elf64Header.Size];
        int got = source.ReadAt(0, raw);
        if (got < 4 || !raw.StartsWith("\x7f"u8 + "ELF"u8))
            throw new DumpFormatException(path, 0, "not an ELF file (no \\x7fELF signature)");
        if (got < Elf64Header.Size)
            throw new DumpFormatException(path, got,
                $"file is truncated: ELF header needs {Elf64Header.Size} bytes at 0x0, the file ends after {got}");
        byte cls = raw[Elf64Header.ClassOffset], data = raw[Elf64Header.DataOffset];
        if (cls != ElfClass32 && cls != ElfClass64)
            throw new DumpFormatException(path, Elf64Header.ClassOffset, $"invalid ELF class {cls} (e_ident[EI_CLASS] must be 1 or 2)");
        if (data != ElfData2Lsb && data != ElfData2Msb)
            throw new DumpFormatException(path, Elf64Header.DataOffset, $"invalid ELF data encoding {data} (e_ident[EI_DATA] must be 1 or 2)");
        bool big = data == ElfData2Msb;
        // e_type and e_machine sit at the same offsets in ELF32 and ELF64.
        ushort type = big ? BinaryPrimitives.ReadUInt16BigEndian(raw[Elf64Header.TypeOffset..]) : BinaryPrimitives.ReadUInt16LittleEndian(raw[Elf64Header.TypeOffset..]);
        ushort machine = big ? BinaryPrimitives.ReadUInt16BigEndian(raw[Elf64Header.MachineOffset..]) : BinaryPrimitives.ReadUInt16LittleEndian(raw[Elf64Header.MachineOffset..]);
        if (type != EtCore)
            throw new DumpFormatException(path, Elf64Header.TypeOffset, type switch
            {
                1 => "an ELF relocatable object (a kernel module?), not a core dump",
                2 => "an ELF executable (a vmlinux?), not a core dump",
                3 => "an ELF shared object, not a core dump",
                _ => $"ELF type 0x{type:x} is not a core dump (ET_CORE)",
            });
        string what = $"ELF{(cls == ElfClass32 ? "32" : "64")} {(big ? "big" : "little")}-endian core for {ElfMachine.Name(machine)}";
        if (cls == ElfClass32)
            throw new DumpFormatException(path, Elf64Header.ClassOffset, $"{what}: ELF32 cores are not supported, only ELF64 little-endian x86-64");
        if (big)
            throw new DumpFormatException(path, Elf64Header.DataOffset, $"{what}: big-endian cores are not supported, only ELF64 little-endian x86-64");
        if (machine != ElfMachine.X86_64)
            throw new DumpFormatException(path, Elf64Header.MachineOffset, $"{what}: only x86-64 (EM_X86_64) cores are supported");
        return MemoryMarshal.Read<Elf64Header>(raw);
    }

    /// <summary>e_phnum, or with PN_XNUM the count in section 0's sh_info; and where that count sits, for messages.</summary>
    private static (long Count, long Offset, bool FromSection0) ProgramHeaderCount(IFileSource source, in Elf64Header eh)
    {
        string path = source.Path;
        if (eh.PhNum != PnXnum)
            return (eh.PhNum, Elf64Header.PhNumOffset, false);
        if (eh.ShOff == 0)
            throw new DumpFormatException(path, Elf64Header.PhNumOffset,
                "e_phnum is PN_XNUM (0xffff) but e_shoff is 0: there is no section 0 to hold the real count");
        if (eh.ShOff > (ulong)source.Length)
            throw new DumpFormatException(path, Elf64Header.ShOffOffset,
                $"e_phnum is PN_XNUM (0xffff) and e_shoff 0x{eh.ShOff:x} points past the end of the file ({source.Length} bytes)");
        if (eh.ShEntSize != Elf64SectionHeader.Size)
            throw new DumpFormatException(path, Elf64Header.ShEntSizeOffset,
                $"e_shentsize is {eh.ShEntSize}, expected {Elf64SectionHeader.Size} (the size of Elf64_Shdr)");
        var sh = source.ReadStruct<Elf64SectionHeader>((long)eh.ShOff, "section header 0 (PN_XNUM program header count)");
        return (sh.Info, (long)eh.ShOff + Elf64SectionHeader.InfoOffset, true);
    }

    /// <summary>Checks one PT_LOAD's numbers against each other and the 64-bit spaces.</summary>
    private static ElfSegment CheckLoad(string path, in Elf64ProgramHeader ph, int i, long at)
    {
        if (ph.FileSz > ph.MemSz)
            throw new DumpFormatException(path, at + Elf64ProgramHeader.FileSzOffset,
                $"PT_LOAD (program header {i}): p_filesz 0x{ph.FileSz:x} is larger than p_memsz 0x{ph.MemSz:x}");
        if (ph.FileSz > 0 && (ph.Offset > long.MaxValue || ph.FileSz > long.MaxValue - ph.Offset))
            throw new DumpFormatException(path, at + Elf64ProgramHeader.OffsetOffset,
                $"PT_LOAD (program header {i}): p_offset 0x{ph.Offset:x} + p_filesz 0x{ph.FileSz:x} is beyond any file");
        // p_paddr -1 is kcore's "no physical address" (vmalloc, modules, vmemmap).
        ulong? paddr = ph.PAddr == ulong.MaxValue ? null : ph.PAddr;
        return new ElfSegment(i, ph.Offset, ph.VAddr, paddr, ph.FileSz, ph.MemSz);
    }

    /// <summary>
    /// Refuses a physical range that wraps past 2^64, except in kcore, whose p_paddr is only
    /// meaningful for the direct map and kernel text: there a wrapping one means "none".
    /// </summary>
    private static ElfSegment[] CheckPhysicalEnds(string path, List<ElfSegment> loads, long phoff, bool kcore)
    {
        var result = new ElfSegment[loads.Count];
        for (int i = 0; i < loads.Count; i++)
        {
            var s = loads[i];
            if (s.PhysicalAddress is ulong p && s.MemorySize > ulong.MaxValue - p)
            {
                if (!kcore)
                    throw new DumpFormatException(path, phoff + (long)s.Index * Elf64ProgramHeader.Size + Elf64ProgramHeader.PAddrOffset,
                        $"PT_LOAD (program header {s.Index}): p_paddr 0x{p:x} + p_memsz 0x{s.MemorySize:x} wraps past the top of the physical address space");
                s = s with { PhysicalAddress = null };
            }
            // kcore before p_paddr was filled in (about 4.10) wrote 0 everywhere; physical page 0
            // is never System RAM in kcore's list on x86-64, so there 0 means none too.
            if (kcore && s.PhysicalAddress == 0)
                s = s with { PhysicalAddress = null };
            result[i] = s;
        }
        return result;
    }

    private static bool IsProcKcore(string path)
    {
        try
        {
            return System.IO.Path.GetFullPath(path) == "/proc/kcore";
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return false;
        }
    }

    private static bool HasTaskStructNote(DumpNotes notes)
    {
        foreach (var n in notes.All)
            if (n.Name == "CORE" && n.Type == NtTaskStruct)
                return true;
        return false;
    }

    private static bool HasNoPhysicalSegment(List<ElfSegment> loads)
    {
        foreach (var s in loads)
            if (s.PhysicalAddress == null)
                return true;
        return false;
    }
}
