using System.Diagnostics;
using System.Text;
using Crashdive.Symbols.Elf;

namespace Crashdive.Symbols.Dwarf.Index;

/// <summary>
/// Name → DIE index of one file's DWARF: named unit-level structs, unions, enums, typedefs, base
/// types, variables and functions, and enumerators. Built by one parallel scan, or mapped from the
/// on-disk cache (keyed by build-id) without deserialising. Lookups binary-search the sorted name
/// hashes and check each hit against the DIE's real name.
/// </summary>
public sealed unsafe partial class NameIndex : IDisposable
{
    private readonly ulong[]? _hashes;
    private readonly ulong[]? _packed;
    private readonly MappedFile? _map;
    private readonly ulong* _mapHashes;
    private readonly ulong* _mapPacked;

    private NameIndex(DwarfFile file, ulong[] hashes, ulong[] packed)
    {
        File = file;
        _hashes = hashes;
        _packed = packed;
        Count = hashes.Length;
    }

    private NameIndex(DwarfFile file, MappedFile map, int count)
    {
        File = file;
        _map = map;
        Count = count;
        _mapHashes = (ulong*)(map.Pointer + NameIndexFileHeader.Size);
        _mapPacked = _mapHashes + count;
        LoadedFromCache = true;
    }

    /// <summary>The DWARF data indexed.</summary>
    public DwarfFile File { get; }

    /// <summary>Number of entries.</summary>
    public int Count { get; }

    /// <summary>True when the index was mapped from a cache file rather than built.</summary>
    public bool LoadedFromCache { get; }

    /// <summary>The cache file read or written, or null.</summary>
    public string? CachePath { get; private set; }

    /// <summary>What happened with the cache (hit, written, ignored and why), for --debug output.</summary>
    public string CacheNote { get; private set; } = "";

    /// <summary>Time the scan took (zero when loaded from the cache).</summary>
    public TimeSpan BuildTime { get; private set; }

    internal ReadOnlySpan<ulong> Hashes => _hashes ?? new ReadOnlySpan<ulong>(_mapHashes, Count);

    internal ReadOnlySpan<ulong> Packed => _packed ?? new ReadOnlySpan<ulong>(_mapPacked, Count);

    /// <summary>
    /// The index of <paramref name="file"/>: from the cache when a valid one matches the file's
    /// build-id, size and time; else built by scanning, then written to the cache. A cache file
    /// that fails any check is ignored and replaced.
    /// </summary>
    public static NameIndex Open(DwarfFile file, NameIndexOptions? options = null)
    {
        options ??= new NameIndexOptions();
        string? cachePath = null;
        string note = "cache disabled";
        if (options.UseCache)
        {
            string? id = file.Elf.BuildIdHex;
            if (id == null)
            {
                note = "no build-id: not cached";
            }
            else
            {
                cachePath = Path.Combine(options.CacheDirectory ?? NameIndexOptions.DefaultCacheDirectory(), id + ".idx");
                MappedFile? map = NameIndexCache.TryOpen(cachePath, file, out int count, out ulong[] unitOffsets, out string why);
                if (map != null)
                {
                    file.UseKnownUnitOffsets(unitOffsets);
                    return new NameIndex(file, map, count) { CachePath = cachePath, CacheNote = $"loaded {cachePath}" };
                }
                note = why;
            }
        }

        var watch = Stopwatch.StartNew();
        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        (ulong[] hashes, ulong[] packed) = NameIndexBuilder.Build(file, threads);
        var index = new NameIndex(file, hashes, packed) { BuildTime = watch.Elapsed, CachePath = cachePath };
        if (cachePath != null)
        {
            string written = NameIndexCache.TryWrite(cachePath, file, hashes, packed);
            index.CacheNote = $"{note}; {written}";
        }
        else
        {
            index.CacheNote = note;
        }
        return index;
    }

    /// <summary>Builds the index without any cache (for tests and benchmarks).</summary>
    internal static NameIndex Build(DwarfFile file, int threads)
    {
        var watch = Stopwatch.StartNew();
        (ulong[] hashes, ulong[] packed) = NameIndexBuilder.Build(file, threads);
        return new NameIndex(file, hashes, packed) { BuildTime = watch.Elapsed, CacheNote = "built" };
    }

    /// <summary>
    /// The DIEs named <paramref name="name"/> whose kind is one of <paramref name="kinds"/> (all
    /// kinds when empty), definitions and declarations, in DIE order.
    /// </summary>
    public IReadOnlyList<IndexHit> Find(string name, params ReadOnlySpan<NameIndexKind> kinds)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(name);
        ulong hash = NameHash.Of(utf8);
        ReadOnlySpan<ulong> hashes = Hashes;
        int first = LowerBound(hashes, hash);
        var hits = new List<IndexHit>();
        ReadOnlySpan<ulong> packed = Packed;
        for (int i = first; i < hashes.Length && hashes[i] == hash; i++)
        {
            var e = new NameIndexEntry(hash, packed[i]);
            NameIndexKind kind = e.Kind;
            if (kinds.Length > 0 && !kinds.Contains(kind))
                continue;
            if (Verify(e, utf8))
                hits.Add(new IndexHit(e.DieKey, kind, e.IsDeclaration));
        }
        return hits;
    }

    /// <summary>Number of entries (before name checks) for <paramref name="name"/>.</summary>
    internal int CountCandidates(string name)
    {
        ulong hash = NameHash.Of(name);
        ReadOnlySpan<ulong> hashes = Hashes;
        int n = 0;
        for (int i = LowerBound(hashes, hash); i < hashes.Length && hashes[i] == hash; i++)
            n++;
        return n;
    }

    private bool Verify(NameIndexEntry e, ReadOnlySpan<byte> name)
    {
        if (File.FindUnit(e.DieKey) == null)
            return false; // a cache entry that points nowhere: treat as a miss
        Die die = File.GetDie(e.DieKey);
        if (e.Kind == NameIndexKind.Enumerator)
        {
            if (die.Tag != DwarfTag.EnumerationType)
                return false;
            foreach (Die child in die.Children)
            {
                if (child.Tag == DwarfTag.Enumerator && child.NameEquals(name))
                    return true;
            }
            return false;
        }
        for (int hop = 0; hop < 4; hop++)
        {
            if (die.Has(DwarfAttribute.Name))
                return die.NameEquals(name);
            ulong? next = die.GetReference(DwarfAttribute.Specification) ?? die.GetReference(DwarfAttribute.AbstractOrigin);
            if (next == null || File.FindUnit(next.Value) == null)
                return false;
            die = File.GetDie(next.Value);
        }
        return false;
    }

    private static int LowerBound(ReadOnlySpan<ulong> sorted, ulong value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (sorted[mid] < value)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    /// <summary>Unmaps the cache file, if any.</summary>
    public void Dispose() => _map?.Dispose();
}
