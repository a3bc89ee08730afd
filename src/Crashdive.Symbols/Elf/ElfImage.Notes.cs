using System.Buffers.Binary;

namespace Crashdive.Symbols.Elf;

public sealed partial class ElfImage
{
    private byte[]? _buildId;
    private bool _buildIdRead;

    /// <summary>
    /// The GNU build-id (NT_GNU_BUILD_ID note, in .note.gnu.build-id or, in vmlinux, .notes),
    /// or null when the file has none.
    /// </summary>
    public byte[]? BuildId
    {
        get
        {
            if (!_buildIdRead)
            {
                _buildId = FindBuildId();
                _buildIdRead = true;
            }
            return _buildId;
        }
    }

    /// <summary>The build-id in lower-case hex, or null.</summary>
    public string? BuildIdHex => BuildId is { } id ? Convert.ToHexStringLower(id) : null;

    private byte[]? FindBuildId()
    {
        foreach (ElfSection s in _sections)
        {
            if (s.Type != ElfConstants.SectionTypeNote || s.IsCompressed)
                continue;
            byte[]? id = FindBuildIdIn(GetRawSection(s), (long)s.FileOffset);
            if (id != null)
                return id;
        }
        return null;
    }

    /// <summary>Walks the notes of one SHT_NOTE section; a malformed note ends the walk with an error.</summary>
    private byte[]? FindBuildIdIn(ReadOnlySpan<byte> notes, long fileOffset)
    {
        int pos = 0;
        while (notes.Length - pos >= 12)
        {
            uint nameSize = BinaryPrimitives.ReadUInt32LittleEndian(notes[pos..]);
            uint descSize = BinaryPrimitives.ReadUInt32LittleEndian(notes[(pos + 4)..]);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(notes[(pos + 8)..]);
            ulong nameEnd = (ulong)pos + 12 + Align4(nameSize);
            ulong descEnd = nameEnd + Align4(descSize);
            if (nameEnd > (ulong)notes.Length || nameEnd + descSize > (ulong)notes.Length)
                throw new DebugInfoFormatException(Path, fileOffset + pos, $"note (name size {nameSize}, desc size {descSize}) extends past the end of its section");
            ReadOnlySpan<byte> name = notes.Slice(pos + 12, (int)nameSize);
            if (type == ElfConstants.NoteGnuBuildId && name.SequenceEqual("GNU\0"u8))
                return notes.Slice((int)nameEnd, (int)descSize).ToArray();
            if (descEnd > (ulong)notes.Length)
                break;
            pos = (int)descEnd;
        }
        return null;
    }

    private static ulong Align4(uint n) => ((ulong)n + 3) & ~3UL;
}
