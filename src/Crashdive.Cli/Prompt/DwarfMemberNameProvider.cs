using Crashdive.Symbols.Dwarf.Index;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Cli.Prompt;

/// <summary>Member names from the debuginfo (vmlinux and loaded modules), through pointers and anonymous members.</summary>
public sealed class DwarfMemberNameProvider(KernelProgram kernel) : IMemberNameProvider
{
    private readonly Dictionary<string, IReadOnlyList<string>> _typeNames = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public IReadOnlyList<string> TypesStartingWith(string command, string prefix, int max)
    {
        NameIndexKind[] kinds = command switch
        {
            "struct" => [NameIndexKind.Struct],
            "union" => [NameIndexKind.Union],
            _ => [NameIndexKind.Struct, NameIndexKind.Union, NameIndexKind.Typedef],
        };
        string key = string.Join(',', kinds);
        try
        {
            if (!_typeNames.TryGetValue(key, out var all))
                _typeNames[key] = all = kernel.Vmlinux?.Index.NamesOf(kinds) ?? [];
            var result = new List<string>();
            int at = LowerBound(all, prefix);
            for (int i = at; i < all.Count && result.Count < max && all[i].StartsWith(prefix, StringComparison.Ordinal); i++)
                result.Add(all[i]);
            return result;
        }
        catch (Exception e) when (e.GetType().Namespace?.StartsWith("Crashdive.", StringComparison.Ordinal) == true)
        {
            return [];
        }
    }

    private static int LowerBound(IReadOnlyList<string> sorted, string value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(sorted[mid], value) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> MembersStartingWith(string path, bool rootIsType, string prefix, int max)
    {
        try
        {
            string[] parts = path.Split('.');
            CType? t = rootIsType ? FindAggregate(parts[0]) : kernel.FindVariable(parts[0])?.Type;
            for (int i = 1; i < parts.Length && t != null; i++)
                t = Aggregate(t) is StructType s && s.FindMember(parts[i]) is MemberLookup m ? m.Type : null;
            if (t == null || Aggregate(t) is not StructType st)
                return [];
            var names = new SortedSet<string>(StringComparer.Ordinal);
            Collect(st, prefix, names, 0);
            return names.Take(max).ToList();
        }
        catch (Exception e) when (e.GetType().Namespace?.StartsWith("Crashdive.", StringComparison.Ordinal) == true)
        {
            return []; // no vmlinux, a malformed type: nothing to offer
        }
    }

    private CType? FindAggregate(string name) =>
        kernel.FindType("struct " + name) ?? kernel.FindType("union " + name) ?? kernel.FindType(name);

    // Through typedefs and one pointer, as crash's struct command and the `->` of p do.
    private static CType Aggregate(CType t)
    {
        CType u = t.Underlying();
        return u is PointerType p ? p.Target.Underlying() : u;
    }

    private static void Collect(StructType s, string prefix, SortedSet<string> names, int depth)
    {
        foreach (Member m in s.Members)
        {
            if (m.Name == null)
            {
                if (depth < 8 && m.Type.Underlying() is StructType inner)
                    Collect(inner, prefix, names, depth + 1);
            }
            else if (m.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add(m.Name);
            }
        }
    }
}
