using System.Buffers.Binary;
using System.Text;

namespace Crashdive.Tests.Symbols;

/// <summary>
/// Builds small ELF64 little-endian files with chosen sections, for the reader's bound tests and
/// synthetic DWARF. Layout: ELF header, section bytes (8-aligned, in the order added), .shstrtab,
/// then the section header table.
/// </summary>
internal sealed class ElfBuilder
{
    public const uint ShtProgBits = 1, ShtSymTab = 2, ShtStrTab = 3, ShtRela = 4, ShtNote = 7, ShtNoBits = 8;
    public const ulong ShfAlloc = 2, ShfCompressed = 0x800;

    private readonly List<Section> _sections = [];

    public sealed record Section(string Name, uint Type, ulong Flags, byte[] Data, ulong Address = 0, uint Link = 0, uint Info = 0, ulong EntrySize = 0);

    /// <summary>e_type (2 = ET_EXEC, 1 = ET_REL).</summary>
    public ushort FileType { get; init; } = 2;

    /// <summary>e_machine (62 = x86-64).</summary>
    public ushort Machine { get; init; } = 62;

    /// <summary>File offsets of each section's data after <see cref="Build"/> (index = section index).</summary>
    public List<long> DataOffsets { get; } = [];

    /// <summary>File offset of the section header table after <see cref="Build"/>.</summary>
    public long SectionHeaderOffset { get; private set; }

    /// <summary>Adds a section; returns its index (the null section is 0).</summary>
    public int Add(Section s)
    {
        _sections.Add(s);
        return _sections.Count;
    }

    public int Add(string name, byte[] data, uint type = ShtProgBits, ulong flags = 0, ulong address = 0) =>
        Add(new Section(name, type, flags, data, address));

    /// <summary>Adds a .note.gnu.build-id section holding <paramref name="id"/>.</summary>
    public int AddBuildId(byte[] id)
    {
        var w = new ByteWriter().U32(4).U32((uint)id.Length).U32(3).Raw("GNU\0"u8).Raw(id).Align(4);
        return Add(".note.gnu.build-id", w.ToArray(), ShtNote, ShfAlloc);
    }

    /// <summary>Adds .symtab and .strtab; symbols are (name, value, size, st_info, st_shndx). Returns the .symtab index.</summary>
    public int AddSymbols(IEnumerable<(string Name, ulong Value, ulong Size, byte Info, ushort Section)> symbols)
    {
        var strtab = new ByteWriter().U8(0);
        var symtab = new ByteWriter().Raw(new byte[24]);
        int locals = 1;
        foreach (var s in symbols)
        {
            uint nameOffset = (uint)strtab.Position;
            strtab.CString(s.Name);
            symtab.U32(nameOffset).U8(s.Info).U8(0).U16(s.Section).U64(s.Value).U64(s.Size);
            if (s.Info >> 4 == 0)
                locals++;
        }
        int strIndex = _sections.Count + 2;
        int symIndex = Add(new Section(".symtab", ShtSymTab, 0, symtab.ToArray(), 0, (uint)strIndex, (uint)locals, 24));
        Add(new Section(".strtab", ShtStrTab, 0, strtab.ToArray()));
        return symIndex;
    }

    /// <summary>Lays the file out.</summary>
    public byte[] Build()
    {
        var body = new ByteWriter().Raw(new byte[64]);
        DataOffsets.Clear();
        DataOffsets.Add(0);
        foreach (Section s in _sections)
        {
            body.Align(8);
            DataOffsets.Add(body.Position);
            if (s.Type != ShtNoBits)
                body.Raw(s.Data);
        }
        var names = new ByteWriter().U8(0);
        var nameOffsets = new List<uint>();
        foreach (Section s in _sections)
        {
            nameOffsets.Add((uint)names.Position);
            names.CString(s.Name);
        }
        uint shstrName = (uint)names.Position;
        names.CString(".shstrtab");
        body.Align(8);
        long shstrOffset = body.Position;
        byte[] nameBytes = names.ToArray();
        body.Raw(nameBytes);
        body.Align(8);
        SectionHeaderOffset = body.Position;

        body.Raw(new byte[64]); // null section
        for (int i = 0; i < _sections.Count; i++)
        {
            Section s = _sections[i];
            body.U32(nameOffsets[i]).U32(s.Type).U64(s.Flags).U64(s.Address).U64((ulong)DataOffsets[i + 1]).U64((ulong)s.Data.Length)
                .U32(s.Link).U32(s.Info).U64(1).U64(s.EntrySize);
        }
        body.U32(shstrName).U32(ShtStrTab).U64(0).U64(0).U64((ulong)shstrOffset).U64((ulong)nameBytes.Length).U32(0).U32(0).U64(1).U64(0);

        byte[] file = body.ToArray();
        Span<byte> h = file;
        "\x7f"u8.CopyTo(h);
        "ELF"u8.CopyTo(h[1..]);
        h[4] = 2; // ELFCLASS64
        h[5] = 1; // ELFDATA2LSB
        h[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(h[16..], FileType);
        BinaryPrimitives.WriteUInt16LittleEndian(h[18..], Machine);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(h[40..], (ulong)SectionHeaderOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(h[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(h[58..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(h[60..], (ushort)(_sections.Count + 2));
        BinaryPrimitives.WriteUInt16LittleEndian(h[62..], (ushort)(_sections.Count + 1));
        return file;
    }

    /// <summary>The UTF-8 bytes of <paramref name="s"/>.</summary>
    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
