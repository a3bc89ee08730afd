using Crashdive.Dumps.Notes;

namespace Crashdive.Dumps.Elf;

public sealed partial class ElfDump
{
    /// <inheritdoc/>
    public override IReadOnlyList<KeyValuePair<string, string>> Describe()
    {
        int loads = _loads.Length, physical = 0;
        foreach (var s in _loads)
            if (s.PhysicalAddress != null)
                physical++;
        var f = _facts;
        string xnum = f.PhCountFromSection0 ? " (e_phnum is PN_XNUM: count from section 0's sh_info)" : "";
        ulong zero = _map.ZeroFillBytes;
        var facts = new List<KeyValuePair<string, string>>
        {
            new("ELF", $"ELF64 little-endian core, machine {ElfMachine.Name(f.Machine)}"),
            new("producer", ProducerText()),
            new("program headers", $"{f.PhCount} at 0x{f.PhOff:x}{xnum}: {loads} PT_LOAD, {f.NoteSegments} PT_NOTE, {f.OtherHeaders} other"),
            new("PT_LOAD", $"{loads}: {physical} with a physical address, {loads - physical} virtual only; " +
                $"{_map.ShadowedSegments} repeat physical memory that another segment holds"),
            new("p_vaddr mode", VirtualAddressMode()),
            new("ELF notes", $"{_notes.All.Count} in {f.NoteSegments} PT_NOTE ({f.NoteBytes} bytes)"),
            new("zero-filled", $"{zero} bytes ({zero / X86PageSize} pages) where p_memsz exceeds p_filesz"),
            new("file size", IsTruncated
                ? $"truncated: {Source.Length} bytes of {f.ExpectedLength}; pages past the end are not in the dump"
                : $"{Source.Length} bytes"),
        };
        if (f.EhSize != Elf64Header.Size)
            facts.Add(new("e_ehsize", $"{f.EhSize}, not {Elf64Header.Size} (QEMU writes a pointer's size there); ignored"));
        if (_format == DumpFormat.Kcore)
            facts.Add(new("kcore", "a live kernel: its NT_PRSTATUS is a zero placeholder, so no CPU registers are offered"));
        return facts;
    }

    private string ProducerText() => Producer switch
    {
        ElfProducer.Qemu => "QEMU dump-guest-memory (QEMU CPU-state notes)",
        ElfProducer.Makedumpfile => "makedumpfile -E (filtered pages left as p_memsz beyond p_filesz)",
        ElfProducer.ProcVmcore => "a /proc/vmcore copy (page-aligned segments, nothing filtered)",
        ElfProducer.MakedumpfileOrProcVmcore => "makedumpfile -E or a /proc/vmcore copy (unaligned segments, nothing filtered)",
        ElfProducer.Kcore => "/proc/kcore (" + KcoreReason() + ")",
        _ => "unknown (no QEMU, kcore or VMCOREINFO marks)",
    };

    private string KcoreReason()
    {
        if (_facts.PathIsProcKcore)
            return "by its path";
        return HasTaskStructNote(_notes) ? "NT_TASKSTRUCT note" : "PT_LOADs with p_paddr -1";
    }

    private string VirtualAddressMode()
    {
        int n = _loads.Length, virt = 0, zero = 0, same = 0;
        foreach (var s in _loads)
        {
            if (s.HasVirtualAddress)
                virt++;
            if (s.VirtualAddress == 0)
                zero++;
            if (s.VirtualAddress == s.PhysicalAddress)
                same++;
        }
        if (virt == 0)
            return same == n ? "physical: p_vaddr equals p_paddr" : zero == n ? "physical: p_vaddr is 0" : "physical: p_vaddr is 0 or equals p_paddr";
        if (virt == n)
            return _format == DumpFormat.Kcore
                ? "virtual: p_vaddr kernel-virtual, p_paddr only for the direct map and kernel text"
                : "virtual: p_vaddr kernel-virtual, p_paddr physical";
        return $"mixed: {virt} PT_LOAD with a virtual p_vaddr, {n - virt} physical";
    }

    /// <summary>
    /// Judges the writer. kcore first (decided by the reader). QEMU names its CPU-state notes
    /// "QEMU". makedumpfile -E leaves filtered pages as p_memsz beyond p_filesz, which
    /// /proc/vmcore never does; /proc/vmcore (since kernels that mmap it) page-aligns segment
    /// data, which makedumpfile does not.
    /// </summary>
    private static ElfProducer DetectProducer(bool kcore, DumpNotes notes, ElfSegment[] segments)
    {
        if (kcore)
            return ElfProducer.Kcore;
        foreach (var n in notes.All)
            if (n.Name == "QEMU")
                return ElfProducer.Qemu;
        bool aligned = true;
        foreach (var s in segments)
        {
            if (s.FileSize < s.MemorySize)
                return ElfProducer.Makedumpfile;
            if (s.FileSize > 0 && s.FileOffset % X86PageSize != 0)
                aligned = false;
        }
        if (notes.VmcoreInfo == null)
            return ElfProducer.Unknown;
        return aligned ? ElfProducer.ProcVmcore : ElfProducer.MakedumpfileOrProcVmcore;
    }
}
