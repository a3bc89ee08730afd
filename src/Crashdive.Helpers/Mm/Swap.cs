using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Mm;

/// <summary>
/// Swap devices: <c>swap_info[]</c> (pointers to <c>struct swap_info_struct</c> since 4.x) up to
/// <c>nr_swapfiles</c>, entries in use having SWP_USED in <c>flags</c>.
/// </summary>
public static class Swap
{
    /// <summary>SWP_USED in <c>swap_info_struct.flags</c> (include/linux/swap.h, unchanged since 2.6).</summary>
    public const ulong SwpUsed = 1;

    /// <summary>The <c>struct swap_info_struct</c> objects in use.</summary>
    public static IReadOnlyList<KObject> Devices(KernelProgram kernel)
    {
        var list = new List<KObject>();
        if (kernel.FindVariable("swap_info") is not KObject table || kernel.FindVariable("nr_swapfiles") is not KObject nr)
            return list;
        long count = Math.Min(nr.ToInt64(), table.UnderlyingType is ArrayType a ? (long)(a.Length ?? 0) : 0);
        for (long i = 0; i < count; i++)
        {
            KObject e = table.Index(i);
            if (e.IsPointer)
            {
                if (e.ToUInt64() == 0)
                    continue;
                e = e.Deref();
            }
            if ((e.Member("flags").ToUInt64() & SwpUsed) != 0)
                list.Add(e);
        }
        return list;
    }

    /// <summary>Total and used swap pages over the devices in use.</summary>
    public static (ulong Total, ulong Used) Totals(KernelProgram kernel)
    {
        ulong total = 0, used = 0;
        foreach (KObject s in Devices(kernel))
        {
            total += s.Member("pages").ToUInt64();
            used += s.Member("inuse_pages").ToUInt64();
        }
        return (total, used);
    }
}
