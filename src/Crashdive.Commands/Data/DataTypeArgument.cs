using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Data;

/// <summary>
/// A struct or union named as crash's data commands take it: <c>task_struct</c>, <c>list_head</c>,
/// a typedef of one (<c>cpumask_t</c>), or with a keyword (<c>struct upid</c>).
/// </summary>
public static class DataTypeArgument
{
    /// <summary>The struct or union <paramref name="name"/> names (struct tags first, then unions, then typedefs), or null.</summary>
    public static StructType? FindAggregate(KernelProgram kernel, string name)
    {
        if (name.Length == 0)
            return null;
        foreach (string candidate in new[] { "struct " + name, "union " + name, name })
        {
            CType? t;
            try
            {
                t = kernel.FindType(candidate);
            }
            catch (KernelObjectException)
            {
                continue;
            }
            if (t?.Underlying() is StructType { IsComplete: true } s && (candidate != name || t is TypedefType || name.StartsWith("struct ", StringComparison.Ordinal) || name.StartsWith("union ", StringComparison.Ordinal)))
                return s;
        }
        return null;
    }

    /// <summary>
    /// <paramref name="name"/> itself when it reaches its struct or union through a typedef
    /// (<c>atomic_t</c>, <c>spinlock_t</c>) rather than by tag, as <see cref="FindAggregate"/> looks it up;
    /// null otherwise. crash declares such a type as <c>typedef struct ... {...} NAME;</c>.
    /// </summary>
    public static string? TypedefName(KernelProgram kernel, string name)
    {
        if (name.Length == 0 || name.StartsWith("struct ", StringComparison.Ordinal) || name.StartsWith("union ", StringComparison.Ordinal))
            return null;
        try
        {
            foreach (string tagged in new[] { "struct " + name, "union " + name })
            {
                if (kernel.FindType(tagged)?.Underlying() is StructType { IsComplete: true })
                    return null;
            }
            return kernel.FindType(name) is TypedefType t && t.Underlying() is StructType { IsComplete: true } ? name : null;
        }
        catch (KernelObjectException)
        {
            return null;
        }
    }
}
