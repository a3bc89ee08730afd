using System.Runtime.CompilerServices;

namespace Crashdive.Symbols.Dwarf.Index;

/// <summary>
/// An open-addressing set of scan results keyed by (name hash, discriminator). Each scanning
/// thread fills its own; duplicates (the same struct from the same header seen in hundreds of
/// units) collapse to the entry with the lowest DIE offset, so the result does not depend on
/// thread timing. No allocation per entry.
/// </summary>
internal sealed class EntrySet
{
    private ulong[] _hashes;
    private ulong[] _keys;
    private ulong[] _packed;
    private int _count;
    private int _mask;

    public EntrySet(int capacityPowerOfTwo = 1 << 16)
    {
        _hashes = new ulong[capacityPowerOfTwo];
        _keys = new ulong[capacityPowerOfTwo];
        _packed = new ulong[capacityPowerOfTwo];
        _mask = capacityPowerOfTwo - 1;
    }

    /// <summary>Entries held.</summary>
    public int Count => _count;

    /// <summary>
    /// Adds an entry. <paramref name="key"/> distinguishes entries of one name that must stay apart;
    /// <paramref name="packed"/> is never 0 (it always carries a kind).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of the index scan: tier-0 code made the first scan ~2x slower (bench/)
    public void Add(ulong hash, ulong key, ulong packed)
    {
        if ((_count + 1) * 2 > _packed.Length)
            Grow();
        int i = (int)((hash ^ (key * 0x9E3779B97F4A7C15)) >> 20) & _mask;
        while (true)
        {
            ulong p = _packed[i];
            if (p == 0)
            {
                _hashes[i] = hash;
                _keys[i] = key;
                _packed[i] = packed;
                _count++;
                return;
            }
            if (_hashes[i] == hash && _keys[i] == key)
            {
                if (packed < p)
                    _packed[i] = packed;
                return;
            }
            i = (i + 1) & _mask;
        }
    }

    /// <summary>Adds every entry of <paramref name="other"/>.</summary>
    public void AddAll(EntrySet other)
    {
        for (int i = 0; i < other._packed.Length; i++)
        {
            if (other._packed[i] != 0)
                Add(other._hashes[i], other._keys[i], other._packed[i]);
        }
    }

    /// <summary>Writes the entries (unsorted) into <paramref name="hashes"/> and <paramref name="packed"/>.</summary>
    public void CopyTo(ulong[] hashes, ulong[] packed)
    {
        int n = 0;
        for (int i = 0; i < _packed.Length; i++)
        {
            if (_packed[i] != 0)
            {
                hashes[n] = _hashes[i];
                packed[n] = _packed[i];
                n++;
            }
        }
    }

    private void Grow()
    {
        ulong[] oh = _hashes, ok = _keys, op = _packed;
        int size = op.Length * 2;
        _hashes = new ulong[size];
        _keys = new ulong[size];
        _packed = new ulong[size];
        _mask = size - 1;
        _count = 0;
        for (int i = 0; i < op.Length; i++)
        {
            if (op[i] != 0)
                Add(oh[i], ok[i], op[i]);
        }
    }
}
