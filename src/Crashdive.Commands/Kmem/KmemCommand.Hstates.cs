using System.Text;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Kmem;

public sealed partial class KmemCommand
{
    // kmem -h: the hugetlb page sizes (hstates[]), their free and total pages (crash's dump_hstates).
    private static void Hstates(CommandContext context)
    {
        var kernel = context.Kernel;
        if (kernel.FindVariable("hstates") is not KObject hstates || hstates.UnderlyingType is not ArrayType a)
            throw new CommandException("hstates[] array does not exist\nkmem: -h option not supported or applicable on this architecture or kernel");
        var o = new StringBuilder("     HSTATE        SIZE    FREE   TOTAL  NAME\n");
        long length = Math.Min((long)(a.Length ?? 0), 64);
        for (long i = 0; i < length; i++)
        {
            KObject h = hstates.Index(i);
            int order;
            try
            {
                order = (int)h.Member("order").ToUInt64();
            }
            catch (Dumps.MemoryFaultException)
            {
                break;
            }
            if (order == 0 || order > 40)
                continue;
            string size = CrashSize.OfPages(1UL << order).Replace(" ", "", StringComparison.Ordinal);
            o.Append($"{h.Address:x}  {size,5}  {h.Member("free_huge_pages").ToInt64(),6}  {h.Member("nr_huge_pages").ToInt64(),6}  {h.Member("name").ReadString(32)}\n");
        }
        context.Out.Write(o.ToString());
    }
}
