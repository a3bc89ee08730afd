namespace Crashdive.Symbols.Dwarf.Index;

public sealed unsafe partial class NameIndex
{
    /// <summary>
    /// The distinct names of every definition of <paramref name="kinds"/> (struct tags, typedefs...),
    /// sorted ordinally: what Tab offers after <c>struct</c>. One pass over the index, reading each
    /// definition's name from its DIE; callers keep the result.
    /// </summary>
    public IReadOnlyList<string> NamesOf(params ReadOnlySpan<NameIndexKind> kinds)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        ReadOnlySpan<ulong> hashes = Hashes;
        ReadOnlySpan<ulong> packed = Packed;
        ulong lastHash = 0;
        for (int i = 0; i < hashes.Length; i++)
        {
            var e = new NameIndexEntry(hashes[i], packed[i]);
            if (e.IsDeclaration || !kinds.Contains(e.Kind))
                continue;
            // Definitions of one name sit together under one hash: one name read per hash and kind is enough.
            if (hashes[i] == lastHash && names.Count > 0)
                continue;
            if (File.FindUnit(e.DieKey) == null)
                continue;
            if (File.GetDie(e.DieKey).Name is string name)
            {
                names.Add(name);
                lastHash = hashes[i];
            }
        }
        var sorted = new List<string>(names);
        sorted.Sort(StringComparer.Ordinal);
        return sorted;
    }
}
