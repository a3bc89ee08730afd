using System.Runtime.CompilerServices;

namespace Crashdive.Symbols.Dwarf.Index;

/// <summary>
/// An open-addressing set of scan results keyed by (name hash, discriminator). Each scanning
/// thread fills its own; duplicates (the same struct from the same header seen in hundreds of
/// units) collapse to the entry with the lowest DIE offset, so the result does not depend on
/// thread timing. No allocation per entry; one slot is one 24-byte struct so a probe touches
/// one cache line (three parallel arrays cost ~20% more scan CPU time, measured on vmlinux).
/// </summary>
internal sealed class EntrySet
{
    private struct Slot
    {
        public ulong Hash;
        public ulong Key;
        public ulong Packed; // 0 = empty
    }

    private Slot[] _slots;
    private int _count;
    private int _mask;

    public EntrySet(int capacityPowerOfTwo = 1 << 16)
    {
        _slots = new Slot[capacityPowerOfTwo];
        _mask = capacityPowerOfTwo - 1;
    }

    /// <summary>Name hashes by string offset, for the thread that owns this set.</summary>
    public StringHashCache Names { get; } = new();

    /// <summary>Entries held.</summary>
    public int Count => _count;

    /// <summary>
    /// Adds an entry. <paramref name="key"/> distinguishes entries of one name that must stay apart;
    /// <paramref name="packed"/> is never 0 (it always carries a kind). Returns false when an entry
    /// with the same key and an offset at least as low was already held (nothing changed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of the index scan
    public bool Add(ulong hash, ulong key, ulong packed)
    {
        if ((_count + 1) * 4 > _slots.Length * 3) // load factor 3/4: a 6 MB table on vmlinux rather than 12 MB at 1/2, a little less scan time (measured)
            Grow();
        Slot[] slots = _slots;
        int i = (int)((hash ^ (key * 0x9E3779B97F4A7C15)) >> 20) & _mask;
        while (true)
        {
            ref Slot s = ref slots[i];
            if (s.Packed == 0)
            {
                s.Hash = hash;
                s.Key = key;
                s.Packed = packed;
                _count++;
                return true;
            }
            if (s.Hash == hash && s.Key == key)
            {
                if (packed >= s.Packed)
                    return false;
                s.Packed = packed;
                return true;
            }
            i = (i + 1) & _mask;
        }
    }

    /// <summary>Adds every entry of <paramref name="other"/>.</summary>
    public void AddAll(EntrySet other)
    {
        foreach (Slot s in other._slots)
        {
            if (s.Packed != 0)
                Add(s.Hash, s.Key, s.Packed);
        }
    }

    /// <summary>Writes the entries (unsorted) into <paramref name="hashes"/> and <paramref name="packed"/>.</summary>
    public void CopyTo(ulong[] hashes, ulong[] packed)
    {
        int n = 0;
        foreach (Slot s in _slots)
        {
            if (s.Packed != 0)
            {
                hashes[n] = s.Hash;
                packed[n] = s.Packed;
                n++;
            }
        }
    }

    private void Grow()
    {
        Slot[] old = _slots;
        _slots = new Slot[old.Length * 2];
        _mask = _slots.Length - 1;
        _count = 0;
        foreach (Slot s in old)
        {
            if (s.Packed != 0)
                Add(s.Hash, s.Key, s.Packed);
        }
    }
}
