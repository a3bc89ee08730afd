using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Mm;
using Crashdive.Kernel;

namespace Crashdive.Commands.Kmem;

public sealed partial class KmemCommand
{
    private static void Vmalloc(CommandContext context, IReadOnlyList<ulong> addresses)
    {
        var kernel = context.Kernel;
        IReadOnlyList<KObject> areas;
        try
        {
            areas = Helpers.Mm.Vmalloc.Areas(kernel);
        }
        catch (Exception e) when (e is Helpers.Lists.ListWalkException or MmException or KernelObjectException or Dumps.MemoryFaultException)
        {
            throw new CommandException($"invalid/corrupt vmap_area list: {e.Message}");
        }
        var o = new StringBuilder();
        o.Append($"{CrashText.LJust(CrashText.Center("VMAP_AREA", 16), 16)}  {CrashText.Center("VM_STRUCT", 16)}  {CrashText.Center("ADDRESS RANGE", 35)}     SIZE\n");
        bool hasFlags = areas.Count > 0 && areas[0].HasMember("flags") && kernel.SymbolAddress("vmap_area_list") is not null;
        foreach (KObject va in areas)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            ulong vm = va.Member("vm").ToUInt64();
            // crash: with vmap_area.flags (2.6.28-5.3) only VM_VM_AREA areas; otherwise those with a vm_struct.
            if (hasFlags ? va.Member("flags").ToUInt64() != 0x4 : vm == 0)
                continue;
            ulong start = va.Member("va_start").ToUInt64(), end = va.Member("va_end").ToUInt64();
            if (addresses.Count > 0 && !addresses.Any(a => a >= start && a < end))
                continue;
            o.Append($"{va.Address:x16}  {vm:x16}  {start:x16} - {end:x16}  {end - start,7}\n");
        }
        context.Out.Write(o.ToString());
    }
}
