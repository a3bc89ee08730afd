using Crashdive.Kernel;

namespace Crashdive.Helpers.Mm;

/// <summary>
/// The kernel's names for page flags, read from its <c>pageflag_names</c> table (the one
/// <c>%pGp</c> uses), so that flags print as the running kernel names them.
/// </summary>
public sealed class PageFlagNames
{
    /// <summary>Most entries read before giving up on finding the table's terminator.</summary>
    public const int MaxEntries = 128;

    private PageFlagNames(IReadOnlyList<(ulong Mask, string Name)> entries) => Entries = entries;

    /// <summary>Each flag's mask and name, in the table's order. Empty when the table is absent.</summary>
    public IReadOnlyList<(ulong Mask, string Name)> Entries { get; }

    /// <summary>The names of the flags set in <paramref name="flags"/>, comma-separated, in table order.</summary>
    public string Describe(ulong flags)
    {
        var names = new List<string>();
        foreach (var (mask, name) in Entries)
        {
            if ((flags & mask) != 0)
                names.Add(name);
        }
        return string.Join(',', names);
    }

    /// <summary>The table of <paramref name="kernel"/> (read once, kept on the kernel).</summary>
    public static PageFlagNames Of(KernelProgram kernel) => kernel.Cached(Read);

    private static PageFlagNames Read(KernelProgram kernel)
    {
        var entries = new List<(ulong, string)>();
        if (kernel.SymbolAddress("pageflag_names") is not ulong table)
            return new PageFlagNames(entries);
        var mem = kernel.Memory;
        // struct trace_print_flags { unsigned long mask; const char *name; }, ended by { 0, NULL }.
        // The layout has not changed since the table appeared (2.6.x); 16 bytes on 64-bit.
        for (int i = 0; i < MaxEntries; i++)
        {
            ulong at = table + (ulong)i * 16;
            if (!mem.TryRead(at, out ulong mask) || !mem.TryReadPointer(at + 8, out ulong namePtr))
                break;
            if (namePtr == 0)
                break;
            string? name = mem.TryReadCString(namePtr, 64);
            if (name == null)
                break;
            entries.Add((mask, name));
        }
        return new PageFlagNames(entries);
    }
}
