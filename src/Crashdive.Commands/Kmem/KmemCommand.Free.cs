using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Mm;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Kmem;

public sealed partial class KmemCommand
{
    private const string FreeZoneHeader = "ZONE  NAME        SIZE    FREE      MEM_MAP       START_PADDR  START_MAPNR\n";
    private const string AreaHeader = "AREA    SIZE  FREE_AREA_STRUCT\n";
    private const string AreaHeaderCounts = "AREA    SIZE  FREE_AREA_STRUCT  BLOCKS  PAGES\n";

    /// <summary>Most pages followed on one buddy free list.</summary>
    private const int MaxFreeBlocks = 1 << 24;

    /// <summary>The free-list geometry of one kernel: page.lru's offset, orders, lists per order.</summary>
    private sealed record FreeLayout(ulong LruOffset, ulong AreaSize, int Orders, int Lists, ulong PageStruct);

    private static FreeLayout Layout(KernelProgram kernel, KObject zone)
    {
        KObject areas = zone.Member("free_area");
        int orders = areas.UnderlyingType is ArrayType a ? (int)Math.Min(a.Length ?? 0, 64) : 0;
        CType areaType = ((ArrayType)areas.UnderlyingType).ElementType;
        KObject lists = KObject.Reference(kernel, areaType, areas.Address).Member("free_list");
        int count = lists.UnderlyingType is ArrayType l ? (int)Math.Min(l.Length ?? 1, 64) : 1;
        CType page = kernel.Type("struct page");
        return new FreeLayout(KernelList.MemberOffset(page, "lru"), areaType.Size ?? 0, orders, count, page.Size ?? 64);
    }

    // kmem -f / -F: the buddy allocator's free lists per zone (crash's dump_free_pages_zones_v2).
    private static void FreePages(CommandContext context, bool verbose)
    {
        var kernel = context.Kernel;
        var o = new StringBuilder();
        long sum = 0, found = 0;
        try
        {
            var nodes = Zones.Nodes(kernel);
            for (int n = 0; n < nodes.Count; n++)
            {
                KObject pgdat = nodes[n];
                ulong nodeMap = Mm.PfnToPage(kernel, pgdat.Member("node_start_pfn").ToUInt64()) ?? 0;
                var zones = Zones.Of(pgdat);
                for (int i = 0; i < zones.Count; i++)
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    if (i == 0 && nodes.Count > 1)
                    {
                        if (n > 0)
                            o.Append('\n').Append('-', 74).Append('\n');
                        o.Append(n > 0 ? "\n" : "").Append($"NODE\n {(pgdat.HasMember("node_id") ? pgdat.Member("node_id").ToInt64() : n),2}\n");
                    }
                    long free = FreeZoneLine(kernel, zones[i], nodeMap, i, o);
                    sum += free;
                    if (free != 0)
                        found += FreeArea(context, zones[i], verbose, o);
                    context.Out.Write(o.ToString());
                    o.Clear();
                }
            }
        }
        catch (Exception e) when (e is MmException or KernelObjectException or Dumps.MemoryFaultException or ListWalkException)
        {
            context.Out.Write(o.ToString());
            throw new CommandException(e.Message);
        }
        o.Append($"\nnr_free_pages: {sum}  ").Append(sum == found ? "(verified)\n" : $"(found {found})\n");
        context.Out.Write(o.ToString());
    }

    private static long FreeZoneLine(KernelProgram kernel, KObject zone, ulong nodeMap, int i, StringBuilder o)
    {
        ulong size = zone.Member("spanned_pages").ToUInt64();
        long free = VmStat.OfZone(zone, "NR_FREE_PAGES") ?? 0;
        ulong start = zone.Member("zone_start_pfn").ToUInt64();
        string name;
        try
        {
            name = $"{Zones.Name(zone),-9} ";
        }
        catch (Dumps.MemoryFaultException)
        {
            name = "(unknown) ";
        }
        ulong map = size != 0 ? Mm.PfnToPage(kernel, start) ?? 0 : 0;
        ulong mapnr = map != 0 && nodeMap != 0 ? (map - nodeMap) / 64 : 0;
        o.Append(i > 0 ? "\n" : "").Append(FreeZoneHeader);
        o.Append($"{i,3}   {name}{size,6}  {free,6}  {CrashText.Center($"{map:x}", 16)}  {CrashText.Center($"{start << 12:x}", 11, leanRight: true)}  {CrashText.Center(mapnr.ToString(), 11, leanRight: true)}\n");
        return free;
    }

    // Every free list of one zone: counts, or (verbose) each block's first page.
    private static long FreeArea(CommandContext context, KObject zone, bool verbose, StringBuilder o)
    {
        var kernel = context.Kernel;
        var layout = Layout(kernel, zone);
        ulong area = zone.Member("free_area").Address;
        long total = 0;
        if (!verbose)
            o.Append(AreaHeaderCounts);
        for (int order = 0; order < layout.Orders; order++, area += layout.AreaSize)
        {
            long chunk = 1L << order;
            for (int j = 0; j < layout.Lists; j++)
            {
                ulong list = area + (ulong)j * 16;
                if (verbose)
                    o.Append(AreaHeader);
                o.Append($"{order,3}  {chunk * 4 + "k",7}  {CrashText.Center($"{list:x}", 16)}  ");
                if (kernel.Memory.ReadPointer(list) == list)
                {
                    o.Append(verbose ? "\n" : $"{0,6} {0,6}\n");
                    continue;
                }
                if (verbose)
                    o.Append('\n');
                int count = 0;
                try
                {
                    foreach (ulong node in KernelList.Nodes(kernel, list, maxNodes: MaxFreeBlocks))
                    {
                        count++;
                        if (verbose)
                        {
                            o.Append($"{node - layout.LruOffset:x}\n");
                            if (o.Length > 1 << 16)
                            {
                                context.Out.Write(o.ToString());
                                o.Clear();
                            }
                        }
                    }
                }
                catch (ListWalkException)
                {
                    context.Out.Write(o.ToString());
                    o.Clear();
                    throw new CommandException($"corrupted free list {j} from free_area struct: {area:x}");
                }
                if (!verbose)
                    o.Append($"{count,6} {count * chunk,6}\n");
                total += count * chunk;
            }
        }
        return total;
    }

    // kmem -f ADDRESS: the free block holding the page of the address, if it is free.
    private static void FreeSearch(CommandContext context, ulong address, bool physical)
    {
        var kernel = context.Kernel;
        ulong phys;
        if (physical || !kernel.Regions.IsKernelVirtual(address))
            phys = address;
        else if (PageToPhysical(kernel, address) is ulong p)
            phys = p;
        else if (!kernel.TryKernelToPhysical(address, out phys))
            return;
        if (Mm.PfnToPage(kernel, phys >> 12) is not ulong searchPage)
            throw new CommandException($"cannot determine page for {address:x}");
        foreach (KObject pgdat in Zones.Nodes(kernel))
        {
            ulong nodeMap = Mm.PfnToPage(kernel, pgdat.Member("node_start_pfn").ToUInt64()) ?? 0;
            var zones = Zones.Of(pgdat);
            for (int i = 0; i < zones.Count; i++)
            {
                KObject zone = zones[i];
                if ((VmStat.OfZone(zone, "NR_FREE_PAGES") ?? 0) == 0)
                    continue;
                var layout = Layout(kernel, zone);
                ulong area = zone.Member("free_area").Address;
                for (int order = 0; order < layout.Orders; order++, area += layout.AreaSize)
                {
                    ulong chunk = 1UL << order;
                    for (int j = 0; j < layout.Lists; j++)
                    {
                        ulong list = area + (ulong)j * 16;
                        foreach (ulong node in KernelList.Nodes(kernel, list, maxNodes: MaxFreeBlocks))
                        {
                            ulong page = node - layout.LruOffset;
                            // the block's pages are consecutive in the (virtual) mem_map
                            if (searchPage < page || searchPage >= page + chunk * layout.PageStruct || PageToPhysical(kernel, page) is not ulong first)
                                continue;
                            var o = new StringBuilder(FreeZoneHeader);
                            var zoneLine = new StringBuilder();
                            FreeZoneLine(kernel, zone, nodeMap, 0, zoneLine);
                            o.Append(zoneLine.ToString()[FreeZoneHeader.Length..]);
                            o.Append(AreaHeader).Append($"{order,3}  {chunk * 4 + "k",7}  {CrashText.Center($"{list:x}", 16)}  \n");
                            o.Append($"{page:x}  ");
                            if (order > 0)
                            {
                                ulong offset = (phys - first) / 4096;
                                o.Append(physical || !kernel.Regions.IsKernelVirtual(address)
                                    ? $"({address:x} is {((address & 0xfff) != 0 ? "in " : "")}"
                                    : $"({address:x} is ");
                                o.Append($"{Ordinal(offset + 1)} of {chunk} pages)");
                            }
                            o.Append('\n');
                            context.Out.Write(o.ToString());
                            return;
                        }
                    }
                }
            }
        }
    }

    // The physical address a struct page describes, when the address is one (crash's page_to_phys). With a
    // virtual mem_map every section's coded map is the same base, so the pfn is one division away; the
    // answer is checked against the section's own map.
    private static ulong? PageToPhysical(KernelProgram kernel, ulong page)
    {
        MemorySection? first = null;
        foreach (var s in MemorySections.Present(kernel))
        {
            first = s;
            break;
        }
        if (first is not MemorySection f || page < f.Coded || (page - f.Coded) % 64 != 0)
            return null;
        ulong pfn = (page - f.Coded) / 64;
        return Mm.PfnToPage(kernel, pfn) == page ? pfn << 12 : null;
    }

    private static string Ordinal(ulong n)
    {
        // crash's ordinal() looks at the last digit only ("11st").
        string suffix = (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n + suffix;
    }
}
