using System.Text;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Mm;

/// <summary>
/// Names of <c>vm_area_struct.vm_flags</c> bits. The kernel's own table <c>vmaflag_names[]</c>
/// (mm/debug.c, what <c>%pGv</c> prints: <c>{mask, "read"}</c> ... <c>{0, NULL}</c>) is the truth for the
/// kernel in the dump; without it, the names crash 8.0.2 prints (they predate 3.7, when several bits were
/// reused: 0x8000000 is VM_SOFTDIRTY now, crash says CAN_NONLINEAR).
/// </summary>
public static class VmaFlags
{
    /// <summary>Most entries read from <c>vmaflag_names</c> before it is called corrupt.</summary>
    public const int MaxNames = 128;

    private static readonly (ulong Mask, string Name)[] CrashNames =
    [
        (0x1, "READ"), (0x2, "WRITE"), (0x4, "EXEC"), (0x8, "SHARED"), (0x10, "MAYREAD"), (0x20, "MAYWRITE"),
        (0x40, "MAYEXEC"), (0x80, "MAYSHARE"), (0x100, "GROWSDOWN"), (0x200, "NOHUGEPAGE"), (0x400, "PFNMAP"),
        (0x800, "DENYWRITE"), (0x1000, "EXECUTABLE"), (0x2000, "LOCKED"), (0x4000, "IO"), (0x8000, "SEQ_READ"),
        (0x10000, "RAND_READ"), (0x20000, "DONTCOPY"), (0x40000, "DONTEXPAND"), (0x80000, "RESERVED"),
        (0x400000, "HUGETLB"), (0x100000, "ACCOUNT"), (0x800000, "NONLINEAR"), (0x1000000, "HUGEPAGE"),
        (0x2000000, "INSERTPAGE"), (0x4000000, "ALWAYSDUMP"), (0x8000000, "CAN_NONLINEAR"), (0x10000000, "MIXEDMAP"),
        (0x20000000, "SAO"), (0x40000000, "PFN_AT_MMAP"), (0x80000000, "MERGEABLE"),
    ];

    /// <summary>The bit names for this kernel, lowest bit first, upper case as crash prints them.</summary>
    public static IReadOnlyList<(ulong Mask, string Name)> Names(KernelProgram kernel) => kernel.Cached(static k => new Table(Read(k))).Names;

    private sealed record Table(IReadOnlyList<(ulong Mask, string Name)> Names);

    private static IReadOnlyList<(ulong Mask, string Name)> Read(KernelProgram kernel)
    {
        try
        {
            if (kernel.FindVariable("vmaflag_names") is KObject table)
            {
                var names = new List<(ulong, string)>();
                for (int i = 0; i < MaxNames; i++)
                {
                    KObject e = table.Index(i);
                    ulong mask = e.Member("mask").ToUInt64();
                    if (mask == 0 || e.Member("name").ToUInt64() == 0)
                        break;
                    names.Add((mask, e.Member("name").ReadString(64).ToUpperInvariant()));
                }
                if (names.Count > 0)
                    return [.. names.OrderBy(n => n.Item1)];
            }
        }
        catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException)
        {
        }
        return CrashNames;
    }

    /// <summary>
    /// crash's <c>vm -f</c> line without its newline: <c>8100073: (READ|WRITE|...)</c>; bits no name covers
    /// follow as one hexadecimal value.
    /// </summary>
    public static string Describe(KernelProgram kernel, ulong flags)
    {
        var sb = new StringBuilder();
        sb.Append(flags.ToString("x")).Append(": (");
        ulong named = 0;
        int others = 0;
        foreach (var (mask, name) in Names(kernel))
        {
            if ((flags & mask) != mask || (named & mask) == mask)
                continue;
            sb.Append(others++ > 0 ? "|" : "").Append(name);
            named |= mask;
        }
        ulong rest = flags & ~named;
        if (rest != 0)
            sb.Append(others > 0 ? "|" : "").Append("0x").Append(rest.ToString("x"));
        return sb.Append(')').ToString();
    }
}
