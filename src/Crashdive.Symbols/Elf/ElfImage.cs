using System.Runtime.InteropServices;
using System.Text;

namespace Crashdive.Symbols.Elf;

/// <summary>
/// A memory-mapped ELF64 little-endian file (vmlinux, a module .ko, any debug file): header,
/// section headers and names, and on demand section contents (decompressed and, for relocatable
/// files, with relocations applied to .debug_* sections), the symbol table and the build-id.
/// Every count and offset taken from the file is checked against the file's size when opened;
/// a file that fails a check is refused with a <see cref="DebugInfoFormatException"/>.
/// Spans handed out are valid until <see cref="Dispose"/>.
/// </summary>
public sealed partial class ElfImage : IDisposable
{
    private readonly MappedFile _file;
    private readonly ElfSection[] _sections;
    private readonly Dictionary<string, ElfSection> _byName;
    private readonly IReadOnlyDictionary<string, ulong>? _loadAddresses;

    private ElfImage(MappedFile file, in Elf64Header header, ElfSection[] sections, IReadOnlyDictionary<string, ulong>? loadAddresses)
    {
        _file = file;
        FileType = header.Type;
        Machine = header.Machine;
        _sections = sections;
        _loadAddresses = loadAddresses;
        _byName = new Dictionary<string, ElfSection>(StringComparer.Ordinal);
        foreach (ElfSection s in sections)
            _byName.TryAdd(s.Name, s);
        _sectionData = new SectionData?[sections.Length];
    }

    /// <summary>The path the file was opened from.</summary>
    public string Path => _file.Path;

    /// <summary>File size in bytes.</summary>
    public long FileLength => _file.Length;

    /// <summary>Modification time of the file when opened.</summary>
    public DateTime LastWriteTimeUtc => _file.LastWriteTimeUtc;

    /// <summary>e_type: 1 relocatable (.ko), 2 executable (vmlinux), 3 shared, 4 core.</summary>
    public ushort FileType { get; }

    /// <summary>True for ET_REL files (kernel modules): section addresses are 0 unless load addresses were given.</summary>
    public bool IsRelocatable => FileType == ElfConstants.TypeRelocatable;

    /// <summary>e_machine (62 = x86-64, 183 = AArch64).</summary>
    public ushort Machine { get; }

    /// <summary>All sections, by index.</summary>
    public IReadOnlyList<ElfSection> Sections => _sections;

    /// <summary>
    /// Opens <paramref name="path"/>. For relocatable files, <paramref name="sectionLoadAddresses"/>
    /// gives the address each named section was loaded at (a module's .text, .data...); sections
    /// not listed are taken to be at their sh_addr (0).
    /// </summary>
    public static ElfImage Open(string path, IReadOnlyDictionary<string, ulong>? sectionLoadAddresses = null)
    {
        MappedFile file = MappedFile.Open(path);
        try
        {
            return Parse(file, sectionLoadAddresses);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The first section named <paramref name="name"/>, or null.</summary>
    public ElfSection? FindSection(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// The address section <paramref name="index"/> is at: its load address when one was given,
    /// else sh_addr. Used to relocate relocatable files.
    /// </summary>
    public ulong SectionAddress(int index)
    {
        if ((uint)index >= (uint)_sections.Length)
            return 0;
        ElfSection s = _sections[index];
        if (_loadAddresses != null && _loadAddresses.TryGetValue(s.Name, out ulong a))
            return a;
        return s.Address;
    }

    /// <summary>The bytes of the file in [offset, offset+length); throws a format error naming the range when outside the file.</summary>
    public ReadOnlySpan<byte> ReadFile(long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || length > int.MaxValue || !_file.Contains((ulong)offset, (ulong)length))
            throw new DebugInfoFormatException(Path, offset, $"{what} (0x{length:x} bytes) extends past end of file (size 0x{FileLength:x})");
        return _file.Span(offset, (int)length);
    }

    /// <summary>The bytes of the section as stored in the file (compressed sections still compressed).</summary>
    public ReadOnlySpan<byte> GetRawSection(ElfSection section)
    {
        if (section.IsNoBits)
            return ReadOnlySpan<byte>.Empty;
        return ReadFile((long)section.FileOffset, (long)section.Size, $"section {section.Name}");
    }

    /// <summary>Unmaps the file; spans handed out before become invalid.</summary>
    public void Dispose() => _file.Dispose();

    private static ElfImage Parse(MappedFile file, IReadOnlyDictionary<string, ulong>? loadAddresses)
    {
        string path = file.Path;
        if (file.Length < ElfConstants.HeaderSize)
            throw new DebugInfoFormatException(path, 0, $"file is too short for an ELF header ({file.Length} bytes)");
        Elf64Header header = MemoryMarshal.Read<Elf64Header>(file.Span(0, ElfConstants.HeaderSize));
        if (header.Magic != ElfConstants.Magic)
            throw new DebugInfoFormatException(path, 0, "not an ELF file (bad magic)");
        if (header.Class != ElfConstants.Class64)
            throw new DebugInfoFormatException(path, 4, $"ELF class {header.Class} is not supported (only ELF64)");
        if (header.Data != ElfConstants.DataLittleEndian)
            throw new DebugInfoFormatException(path, 5, $"ELF data encoding {header.Data} is not supported (only little-endian)");

        ElfSection[] sections = ReadSectionHeaders(file, header);
        return new ElfImage(file, header, sections, loadAddresses);
    }

    private static ElfSection[] ReadSectionHeaders(MappedFile file, in Elf64Header header)
    {
        string path = file.Path;
        ulong shoff = header.SectionHeaderOffset;
        if (shoff == 0)
            return Array.Empty<ElfSection>();
        if (header.SectionHeaderEntrySize != ElfConstants.SectionHeaderSize)
            throw new DebugInfoFormatException(path, 0x3a, $"section header size {header.SectionHeaderEntrySize} is not {ElfConstants.SectionHeaderSize}");
        if (!file.Contains(shoff, ElfConstants.SectionHeaderSize))
            throw new DebugInfoFormatException(path, (long)Math.Min(shoff, long.MaxValue), $"section header table extends past end of file (size 0x{file.Length:x}); the file is truncated");

        // Extended numbering: e_shnum == 0 and e_shstrndx == SHN_XINDEX put the real values in section 0.
        Elf64SectionHeader first = MemoryMarshal.Read<Elf64SectionHeader>(file.Span((long)shoff, ElfConstants.SectionHeaderSize));
        ulong count = header.SectionHeaderCount != 0 ? header.SectionHeaderCount : first.Size;
        ulong nameIndex = header.SectionNameTableIndex != ElfConstants.SectionExtended ? header.SectionNameTableIndex : first.Link;
        ulong maxCount = ((ulong)file.Length - shoff) / ElfConstants.SectionHeaderSize;
        if (count > maxCount)
            throw new DebugInfoFormatException(path, (long)shoff, $"section header table of {count} entries extends past end of file (size 0x{file.Length:x}); the file is truncated");

        var raw = new Elf64SectionHeader[count];
        for (ulong i = 0; i < count; i++)
        {
            long at = (long)(shoff + i * ElfConstants.SectionHeaderSize);
            raw[i] = MemoryMarshal.Read<Elf64SectionHeader>(file.Span(at, ElfConstants.SectionHeaderSize));
            if (raw[i].Type != ElfConstants.SectionTypeNoBits && raw[i].Type != ElfConstants.SectionTypeNull && !file.Contains(raw[i].Offset, raw[i].Size))
                throw new DebugInfoFormatException(path, at, $"section {i} (offset 0x{raw[i].Offset:x}, size 0x{raw[i].Size:x}) extends past end of file (size 0x{file.Length:x}); the file is truncated");
        }

        ReadOnlySpan<byte> names = ReadOnlySpan<byte>.Empty;
        if (count > 0)
        {
            if (nameIndex >= count)
                throw new DebugInfoFormatException(path, 0x3e, $"section name table index {nameIndex} is not below the section count {count}");
            ref Elf64SectionHeader s = ref raw[nameIndex];
            if (s.Type == ElfConstants.SectionTypeNoBits)
                throw new DebugInfoFormatException(path, (long)(shoff + nameIndex * ElfConstants.SectionHeaderSize), "section name table has no bytes in the file");
            names = s.Size > int.MaxValue
                ? throw new DebugInfoFormatException(path, (long)s.Offset, "section name table is larger than 2 GiB")
                : file.Span((long)s.Offset, (int)s.Size);
        }

        var sections = new ElfSection[count];
        for (int i = 0; i < (int)count; i++)
        {
            long at = (long)(shoff + (ulong)i * ElfConstants.SectionHeaderSize);
            string name = i == 0 && raw[i].Name == 0 ? "" : ReadName(names, raw[i].Name, path, at, i);
            sections[i] = new ElfSection(i, name, raw[i], at);
        }
        return sections;
    }

    private static string ReadName(ReadOnlySpan<byte> table, uint offset, string path, long headerOffset, int index)
    {
        if (offset >= (uint)table.Length)
            throw new DebugInfoFormatException(path, headerOffset, $"section {index} name offset 0x{offset:x} is outside the section name table (size 0x{table.Length:x})");
        ReadOnlySpan<byte> rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        if (end < 0)
            throw new DebugInfoFormatException(path, headerOffset, $"section {index} name at 0x{offset:x} is not NUL-terminated inside the section name table");
        return Encoding.UTF8.GetString(rest[..end]);
    }
}
