namespace Crashdive.Symbols.Dwarf.Index;

/// <summary>
/// Name hashes of .debug_str offsets seen recently, direct-mapped (512 KiB per scanning thread).
/// The same names recur in unit after unit at the same string offset; a hit saves reading the
/// string (a cache miss into .debug_str) and hashing it. On vmlinux this took the scan's CPU
/// samples in string search and hashing from ~15% to ~6% and the total by about a quarter (perf).
/// </summary>
internal sealed class StringHashCache
{
    private const int Size = 1 << 15;

    private struct Entry
    {
        public ulong OffsetPlusOne; // 0 = empty
        public ulong Hash;
    }

    private readonly Entry[] _entries = new Entry[Size];

    public bool TryGet(ulong strOffset, out ulong hash)
    {
        ref Entry e = ref _entries[(int)(strOffset * 0x9E3779B97F4A7C15 >> 49) & (Size - 1)];
        hash = e.Hash;
        return e.OffsetPlusOne == strOffset + 1;
    }

    public void Add(ulong strOffset, ulong hash)
    {
        ref Entry e = ref _entries[(int)(strOffset * 0x9E3779B97F4A7C15 >> 49) & (Size - 1)];
        e.OffsetPlusOne = strOffset + 1;
        e.Hash = hash;
    }
}
