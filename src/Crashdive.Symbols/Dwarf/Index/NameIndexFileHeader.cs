using System.Runtime.InteropServices;

namespace Crashdive.Symbols.Dwarf.Index;

/// <summary>
/// Header of a name-index cache file (128 bytes, little-endian). It is followed by
/// <see cref="EntryCount"/> name hashes (sorted), as many packed entries
/// (<see cref="NameIndexEntry.Packed"/>), so that a lookup binary-searches the hashes of the mapped
/// file, and the offsets of the <see cref="UnitCount"/> .debug_info units (so that a warm start
/// need not touch every unit header of a 160 MB section).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal unsafe struct NameIndexFileHeader
{
    public const ulong MagicValue = 0x5844494d414e4443; // "CDNAMIDX"
    public const uint CurrentVersion = 2;              // bump when the layout, NameHash or the scan rules change
    public const int Size = 128;

    public ulong Magic;            // MagicValue
    public uint Version;           // CurrentVersion
    public uint HeaderSize;        // Size
    public ulong ElfFileSize;      // size of the ELF file indexed
    public long ElfMtimeTicks;     // its modification time (UTC ticks)
    public ulong DebugInfoSize;    // size of its .debug_info
    public ulong DebugTypesSize;   // size of its .debug_types
    public ulong EntryCount;       // number of entries
    public ulong HashesOffset;     // file offset of the hash column (== Size)
    public ulong EntriesChecksum;  // NameHash.Checksum over both columns
    public byte BuildIdLength;     // bytes used in BuildId
    public fixed byte BuildId[40]; // GNU build-id of the ELF file
    public uint UnitCount;         // .debug_info unit offsets after the entries
    public fixed byte Reserved[3];
    public ulong HeaderChecksum;   // NameHash.Checksum over the 15 words before this one
}
