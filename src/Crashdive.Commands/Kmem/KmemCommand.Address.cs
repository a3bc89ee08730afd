using System.Text;
using Crashdive.Helpers.Mm;
using Crashdive.Helpers.Percpu;
using Crashdive.Helpers.Slab;
using Crashdive.Kernel;

namespace Crashdive.Commands.Kmem;

public sealed partial class KmemCommand
{
    internal const string PageHeader = "      PAGE       PHYSICAL      MAPPING       INDEX CNT FLAGS\n";

    // kmem ADDRESS: the slab object, vmalloc area or kernel symbol the address belongs to, then its page.
    private static void Search(CommandContext context, ulong address, int cpus)
    {
        var kernel = context.Kernel;
        var o = new StringBuilder();
        if (!TranslateToPhysical(kernel, address, out ulong phys))
            throw new CommandException($"invalid address: {address:x}");
        bool virt = kernel.Regions.IsKernelVirtual(address);
        if (virt && SlabObject(kernel, address, phys, cpus, o))
        {
            o.Append('\n');
        }
        else if (virt && address >= kernel.Regions.VmallocStart && address < kernel.Regions.ModulesEnd && address < 0xffff_ffff_8000_0000UL
            || virt && address >= kernel.Regions.ModulesStart && address < kernel.Regions.ModulesEnd)
        {
            var before = o.Length;
            foreach (KObject va in Helpers.Mm.Vmalloc.Areas(kernel))
            {
                ulong start = va.Member("va_start").ToUInt64(), end = va.Member("va_end").ToUInt64();
                if (address < start || address >= end || va.Member("vm").ToUInt64() == 0)
                    continue;
                o.Append($"{CrashTextCenter("VMAP_AREA")}  {CrashTextCenter("VM_STRUCT")}  {Arguments.CrashText.Center("ADDRESS RANGE", 35)}     SIZE\n");
                o.Append($"{va.Address:x16}  {va.Member("vm").ToUInt64():x16}  {start:x16} - {end:x16}  {end - start,7}\n\n");
                break;
            }
            _ = before;
        }
        else if (virt && address >= 0xffff_ffff_8000_0000UL && kernel.Kallsyms.Resolve(address) is var (name, symAddress, offset))
        {
            char type = kernel.Kallsyms.TypeOf(name) ?? '?';
            o.Append(offset == 0 ? $"{symAddress:x} ({type}) {name}\n\n" : $"{symAddress + offset:x} ({type}) {name}+{offset}\n\n");
        }
        o.Append(PageHeader).Append(PageLine(kernel, phys >> 12));
        context.Out.Write(o.ToString());
    }

    // kmem -s ADDRESS (-S: every object of the slab).
    private static void SlabAddress(CommandContext context, ulong address, bool verbose, int cpus)
    {
        var kernel = context.Kernel;
        var o = new StringBuilder();
        if (!TranslateToPhysical(kernel, address, out ulong phys) || !SlabObject(kernel, address, phys, cpus, o, verbose))
            throw new CommandException($"address is not allocated in slab subsystem: {address:x}");
        context.Out.Write(o.ToString());
    }

    private static string CrashTextCenter(string s) => Arguments.CrashText.Center(s, 16);

    private static bool TranslateToPhysical(KernelProgram kernel, ulong address, out ulong phys)
    {
        if (!kernel.Regions.IsKernelVirtual(address))
        {
            // crash takes an address below the kernel's space as physical
            phys = address;
            return address < kernel.Dump.MaxPfn * (ulong)kernel.Dump.PageSize;
        }
        return kernel.TryKernelToPhysical(address, out phys);
    }

    /// <summary>crash's page line: page, physical, mapping, index, count, flags with their names.</summary>
    internal static string PageLine(KernelProgram kernel, ulong pfn)
    {
        if (Mm.PfnToPage(kernel, pfn) is not ulong page)
            return $"{"(no page struct)",16}\n";
        var d = Mm.ReadPage(kernel, page, pfn);
        string names = PageFlagNames.Of(kernel).Describe(d.Flags);
        string mapping = d.Mapping == 0 ? "0" : $"{d.Mapping:x}";
        return $"{page:x16} {pfn << 12,8:x} {mapping,16} {d.Index,8:x} {d.RefCount,2} {d.Flags:x}{(names.Length > 0 ? " " + names : "")}\n";
    }

    // The SLUB object holding the address: cache line, slab line, and the object, allocated in brackets.
    private static bool SlabObject(KernelProgram kernel, ulong address, ulong phys, int cpus, StringBuilder o, bool everyObject = false)
    {
        if (Mm.PfnToPage(kernel, phys >> 12) is not ulong page || kernel.FindType("struct slab") is not { } slabType)
            return false;
        int slabBit = MemMapCensus.FlagBit(kernel, "PG_slab");
        ulong head = page;
        if (kernel.Memory.TryRead(page + 8, out ulong compound) && (compound & 1) != 0)
            head = compound - 1;
        if (!kernel.Memory.TryRead(head, out ulong flags) || slabBit < 0 || (flags >> slabBit & 1) == 0)
            return false;
        KObject slab = KObject.Reference(kernel, slabType, head);
        ulong cacheAddress = slab.Member("slab_cache").ToUInt64();
        KObject cache = KObject.Reference(kernel, kernel.Type("struct kmem_cache"), cacheAddress);
        var stats = Slub.Stats(cache, cpus);
        o.Append(CacheHeader).Append(CacheLine(stats));
        ulong size = stats.Size;
        long objects = Slub.ObjectCount(slab), inuse = Slub.InUse(slab);
        // the slab's first object: the direct-map address of the head page's frame
        ulong memory = kernel.Regions.PhysicalToDirect(((phys >> 12) - ((page - head) / 64)) << 12);
        var free = new HashSet<ulong>();
        foreach (ulong q in Slub.FreeList(cache, slab.Member("freelist").ToUInt64()))
            free.Add(q);
        int cpuSlab = -1;
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            KObject c = Slub.CpuSlab(cache, cpu);
            if (Slub.CurrentSlab(c).ToUInt64() != head)
                continue;
            cpuSlab = cpu;
            long freeCount = 0;
            foreach (ulong q in Slub.FreeList(cache, c.Member("freelist").ToUInt64()))
            {
                free.Add(q);
                freeCount++;
            }
            if (slab.Member("freelist").ToUInt64() != 0)
                freeCount += objects - inuse;
            inuse = objects - freeCount;
            break;
        }
        o.Append("  SLAB              MEMORY            NODE  TOTAL  ALLOCATED  FREE\n");
        o.Append($"  {head:x16}  {memory:x16}  {0,4}  {objects,5}  {inuse,9}  {objects - inuse,4}\n");
        o.Append("  FREE / [ALLOCATED]\n");
        for (ulong p = memory; p < memory + (ulong)objects * size; p += size)
        {
            if (!everyObject && (address < p || address >= p + size))
                continue;
            bool isFree = free.Contains(p);
            o.Append(isFree ? $"   {p:x}  " : $"  [{p:x}]");
            if (isFree && cpuSlab >= 0)
                o.Append($"(cpu {cpuSlab} cache)");
            o.Append('\n');
        }
        return true;
    }
}
