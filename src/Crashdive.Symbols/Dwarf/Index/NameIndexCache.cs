using System.Runtime.InteropServices;
using Crashdive.Symbols.Elf;

namespace Crashdive.Symbols.Dwarf.Index;

/// <summary>
/// Reads and writes name-index cache files (<see cref="NameIndexFileHeader"/> + two columns).
/// A file is used only if every header field matches the ELF file it claims to index and both
/// checksums hold; otherwise it is ignored (and later overwritten), never trusted.
/// </summary>
internal static unsafe class NameIndexCache
{
    /// <summary>Maps <paramref name="path"/> when it is a valid cache for <paramref name="file"/>; else null and why.</summary>
    public static MappedFile? TryOpen(string path, DwarfFile file, out int count, out ulong[] unitOffsets, out string why)
    {
        count = 0;
        unitOffsets = [];
        if (!System.IO.File.Exists(path))
        {
            why = "no cache file";
            return null;
        }
        MappedFile map;
        try
        {
            map = MappedFile.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = $"cache unreadable ({e.Message})";
            return null;
        }
        why = Validate(map, file, out count, out unitOffsets);
        if (why.Length == 0)
            return map;
        map.Dispose();
        why = $"cache ignored: {why}";
        return null;
    }

    private static string Validate(MappedFile map, DwarfFile file, out int count, out ulong[] unitOffsets)
    {
        count = 0;
        unitOffsets = [];
        if (map.Length < NameIndexFileHeader.Size)
            return "file is shorter than its header";
        NameIndexFileHeader h = MemoryMarshal.Read<NameIndexFileHeader>(map.Span(0, NameIndexFileHeader.Size));
        if (h.Magic != NameIndexFileHeader.MagicValue)
            return "bad magic";
        if (h.Version != NameIndexFileHeader.CurrentVersion)
            return $"format version {h.Version}, expected {NameIndexFileHeader.CurrentVersion}";
        ReadOnlySpan<ulong> headerWords = MemoryMarshal.Cast<byte, ulong>(map.Span(0, NameIndexFileHeader.Size - 8));
        if (NameHash.Checksum(headerWords) != h.HeaderChecksum)
            return "header checksum mismatch";
        if (h.HeaderSize != NameIndexFileHeader.Size || h.HashesOffset != NameIndexFileHeader.Size)
            return "unexpected header size";
        ElfImage elf = file.Elf;
        byte[]? id = elf.BuildId;
        if (id == null || h.BuildIdLength != id.Length || id.Length > 40)
            return "build-id mismatch";
        for (int i = 0; i < id.Length; i++)
        {
            if (h.BuildId[i] != id[i])
                return "build-id mismatch";
        }
        if (h.ElfFileSize != (ulong)elf.FileLength || h.ElfMtimeTicks != elf.LastWriteTimeUtc.Ticks)
            return "ELF file size or time changed";
        if (h.DebugInfoSize != (ulong)file.Info.Length || h.DebugTypesSize != (ulong)file.Types.Length)
            return ".debug_info size changed";
        if (h.EntryCount > int.MaxValue / 32 || h.UnitCount > (uint)file.Info.Length / 11
            || (ulong)map.Length != NameIndexFileHeader.Size + h.EntryCount * 16 + (ulong)h.UnitCount * 8)
            return "file length does not match its entry and unit counts";
        count = (int)h.EntryCount;
        ReadOnlySpan<ulong> body = new(map.Pointer + NameIndexFileHeader.Size, count * 2 + (int)h.UnitCount);
        if (NameHash.Checksum(body) != h.EntriesChecksum)
            return "entries checksum mismatch";
        ReadOnlySpan<ulong> units = body[(count * 2)..];
        for (int i = 0; i < units.Length; i++)
        {
            if (units[i] >= (ulong)file.Info.Length || (i > 0 && units[i] <= units[i - 1]))
                return "unit offsets out of order or past .debug_info";
        }
        unitOffsets = units.ToArray();
        return "";
    }

    /// <summary>Writes the cache atomically (temporary file, then rename). Returns what happened.</summary>
    public static string TryWrite(string path, DwarfFile file, ulong[] hashes, ulong[] packed)
    {
        IReadOnlyList<DwarfUnit> units = file.InfoUnits;
        ElfImage elf = file.Elf;
        byte[]? id = elf.BuildId;
        if (id == null || id.Length > 40)
            return "not cached (no usable build-id)";
        string temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var h = new NameIndexFileHeader
            {
                Magic = NameIndexFileHeader.MagicValue,
                Version = NameIndexFileHeader.CurrentVersion,
                HeaderSize = NameIndexFileHeader.Size,
                ElfFileSize = (ulong)elf.FileLength,
                ElfMtimeTicks = elf.LastWriteTimeUtc.Ticks,
                DebugInfoSize = (ulong)file.Info.Length,
                DebugTypesSize = (ulong)file.Types.Length,
                EntryCount = (ulong)hashes.Length,
                HashesOffset = NameIndexFileHeader.Size,
                BuildIdLength = (byte)id.Length,
                UnitCount = (uint)units.Count,
            };
            for (int i = 0; i < id.Length; i++)
                h.BuildId[i] = id[i];
            var body = new ulong[hashes.Length * 2 + units.Count];
            hashes.CopyTo(body, 0);
            packed.CopyTo(body, hashes.Length);
            for (int i = 0; i < units.Count; i++)
                body[hashes.Length * 2 + i] = units[i].Offset;
            h.EntriesChecksum = NameHash.Checksum(body);
            Span<byte> headerBytes = stackalloc byte[NameIndexFileHeader.Size];
            MemoryMarshal.Write(headerBytes, in h);
            h.HeaderChecksum = NameHash.Checksum(MemoryMarshal.Cast<byte, ulong>(headerBytes[..(NameIndexFileHeader.Size - 8)]));
            MemoryMarshal.Write(headerBytes, in h);

            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(headerBytes);
                stream.Write(MemoryMarshal.AsBytes(body.AsSpan()));
            }
            System.IO.File.Move(temp, path, overwrite: true);
            return $"wrote {path}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { System.IO.File.Delete(temp); } catch (Exception) { /* best effort */ }
            return $"cache not written ({e.Message})";
        }
    }
}
