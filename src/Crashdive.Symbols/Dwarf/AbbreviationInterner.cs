using System.Collections.Concurrent;

namespace Crashdive.Symbols.Dwarf;

/// <summary>
/// One shared <see cref="Abbreviation"/> per distinct (code, tag, children, attribute specs, unit
/// format) in a file. GCC writes one abbreviation table per compile unit, and most of their
/// entries are the same from unit to unit: on vmlinux 6.1 the index scan parsed ~87 MiB of
/// abbreviation objects per run, nearly all repeats, which the GC then had to carry (peak RSS).
/// A candidate found by hash is compared in full before it is reused; a collision just gets its own object.
/// </summary>
internal sealed class AbbreviationInterner
{
    private readonly ConcurrentDictionary<ulong, Abbreviation> _byHash = new();

    /// <summary>Number of distinct abbreviations held.</summary>
    public int Count => _byHash.Count;

    /// <summary>The shared abbreviation equal to the one described, creating it on first sight.</summary>
    public Abbreviation Get(ulong hash, ulong code, ushort tag, bool hasChildren, List<AttributeSpec> specs, long offset, UnitFormat format)
    {
        if (_byHash.TryGetValue(hash, out Abbreviation? a) && Same(a, code, tag, hasChildren, specs, format))
            return a;
        var created = new Abbreviation(code, tag, hasChildren, specs.ToArray(), offset, format);
        return _byHash.TryAdd(hash, created) ? created : (_byHash.TryGetValue(hash, out a) && Same(a, code, tag, hasChildren, specs, format) ? a : created);
    }

    private static bool Same(Abbreviation a, ulong code, ushort tag, bool hasChildren, List<AttributeSpec> specs, UnitFormat format)
    {
        if (a.Code != code || a.Tag != tag || a.HasChildren != hasChildren || a.Format != format || a.Attributes.Length != specs.Count)
            return false;
        AttributeSpec[] mine = a.Attributes;
        for (int i = 0; i < mine.Length; i++)
        {
            if (mine[i] != specs[i])
                return false;
        }
        return true;
    }
}
