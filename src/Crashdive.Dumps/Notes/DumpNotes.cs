using System.Buffers.Binary;
using System.Text;

namespace Crashdive.Dumps.Notes;

/// <summary>
/// The ELF notes of a dump (PT_NOTE of an ELF vmcore, or the note area a kdump sub-header
/// points at), decoded: VMCOREINFO and one register set per CPU.
/// </summary>
public sealed class DumpNotes
{
    /// <summary>Most notes a dump may carry before it is refused (a 8192-CPU machine has 2 per CPU).</summary>
    public const int MaxNotes = 65536;

    /// <summary>Size of <c>struct elf_prstatus</c> on x86-64; the registers start at 112.</summary>
    public const int PrstatusSize = 336;
    private const int PrstatusPidOffset = 32;
    private const int PrstatusRegOffset = 112;

    private DumpNotes(IReadOnlyList<ElfNote> all, string? vmcoreInfo, IReadOnlyList<CpuRegisters> prstatus, IReadOnlyList<CpuRegisters> qemu)
    {
        All = all;
        VmcoreInfo = vmcoreInfo;
        Prstatus = prstatus;
        QemuCpus = qemu;
    }

    /// <summary>An empty set (a dump with no notes).</summary>
    public static DumpNotes Empty { get; } = new([], null, [], []);

    /// <summary>Every note in file order.</summary>
    public IReadOnlyList<ElfNote> All { get; }

    /// <summary>The VMCOREINFO text, or null when the dump has none.</summary>
    public string? VmcoreInfo { get; }

    /// <summary>Registers from NT_PRSTATUS notes, one per CPU, in note order.</summary>
    public IReadOnlyList<CpuRegisters> Prstatus { get; }

    /// <summary>Registers from QEMU's CPU-state notes, one per CPU (QEMU dumps only).</summary>
    public IReadOnlyList<CpuRegisters> QemuCpus { get; }

    /// <summary>
    /// Decodes a note area. <paramref name="fileOffset"/> is where <paramref name="data"/> starts
    /// in <paramref name="path"/>, for messages. A note whose sizes run past the area is refused.
    /// </summary>
    public static DumpNotes Parse(ReadOnlySpan<byte> data, string path, long fileOffset)
    {
        var b = new Builder();
        b.Add(data, path, fileOffset);
        return b.Build();
    }

    /// <summary>
    /// Decodes several note areas as one sequence, in the order given (an ELF core may have one
    /// PT_NOTE per CPU, as the first kernel's elfcorehdr does). Each area is (bytes, file offset).
    /// </summary>
    public static DumpNotes Parse(IEnumerable<(byte[] Data, long FileOffset)> areas, string path)
    {
        var b = new Builder();
        foreach (var (data, offset) in areas)
            b.Add(data, path, offset);
        return b.Build();
    }

    /// <summary>
    /// The same notes with no PRSTATUS register sets (the notes stay in <see cref="All"/>). For
    /// /proc/kcore, whose one NT_PRSTATUS is a zeroed placeholder, not a CPU's registers.
    /// </summary>
    public DumpNotes WithoutPrstatus() => new(All, VmcoreInfo, [], QemuCpus);

    /// <summary>The same notes without VMCOREINFO (what a dump of a guest without the vmcoreinfo device has).</summary>
    public DumpNotes WithoutVmcoreInfo() => new(All, null, Prstatus, QemuCpus);

    private sealed class Builder
    {
        private readonly List<ElfNote> _all = [];
        private readonly List<CpuRegisters> _prstatus = [];
        private readonly List<CpuRegisters> _qemu = [];
        private string? _vmcoreInfo;

        public void Add(ReadOnlySpan<byte> data, string path, long fileOffset)
        {
            int pos = 0;
            while (pos + 12 <= data.Length)
            {
                uint namesz = BinaryPrimitives.ReadUInt32LittleEndian(data[pos..]);
                uint descsz = BinaryPrimitives.ReadUInt32LittleEndian(data[(pos + 4)..]);
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(data[(pos + 8)..]);
                if (namesz == 0 && descsz == 0 && type == 0)
                    break; // zero padding after the last note (makedumpfile and /proc/vmcore leave it)
                long nameStart = pos + 12L;
                long descStart = nameStart + Align4(namesz);
                long end = descStart + Align4(descsz);
                if (namesz > data.Length || descsz > data.Length || descStart + descsz > data.Length)
                    throw new DumpFormatException(path, fileOffset + pos,
                        $"ELF note runs past its area (namesz {namesz}, descsz {descsz}, area {data.Length} bytes)");
                if (_all.Count >= MaxNotes)
                    throw new DumpFormatException(path, fileOffset + pos, $"more than {MaxNotes} ELF notes");
                string name = Encoding.ASCII.GetString(data.Slice((int)nameStart, (int)namesz)).TrimEnd('\0');
                byte[] desc = data.Slice((int)descStart, (int)descsz).ToArray();
                var note = new ElfNote(name, type, desc, fileOffset + pos);
                _all.Add(note);
                if (name == "VMCOREINFO")
                    _vmcoreInfo ??= Encoding.ASCII.GetString(desc).TrimEnd('\0');
                else if (name == "CORE" && type == 1 && desc.Length >= PrstatusRegOffset + 8 * CpuRegisters.PrstatusOrder.Length)
                    _prstatus.Add(DecodePrstatus(desc, _prstatus.Count));
                else if (name == "QEMU" && type == 0)
                {
                    var q = QemuCpuState.Decode(desc, _qemu.Count);
                    if (q != null)
                        _qemu.Add(q);
                }
                pos = (int)Math.Min(end, data.Length);
            }
        }

        public DumpNotes Build() => new(_all, _vmcoreInfo, _prstatus, _qemu);
    }

    private static long Align4(uint n) => (n + 3L) & ~3L;

    private static CpuRegisters DecodePrstatus(byte[] desc, int index)
    {
        int pid = BinaryPrimitives.ReadInt32LittleEndian(desc.AsSpan(PrstatusPidOffset));
        var regs = new KeyValuePair<string, ulong>[CpuRegisters.PrstatusOrder.Length];
        for (int i = 0; i < regs.Length; i++)
            regs[i] = new(CpuRegisters.PrstatusOrder[i], BinaryPrimitives.ReadUInt64LittleEndian(desc.AsSpan(PrstatusRegOffset + 8 * i)));
        return new CpuRegisters(index, "PRSTATUS", pid, regs);
    }
}
