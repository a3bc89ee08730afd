namespace Crashdive.Commands.Kmem;

public sealed partial class KmemCommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-f|-F|-c|-C|-i|-v|-V|-n|-z|-o|-h] [-p | -m member[,member]]\n       [[-s|-S|-S=cpu[s]|-r] [slab] [-I slab[,slab]]] [-g [flags]] [[-P] address]]";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "kmem",
        Summary = "kernel memory",
        Synopsis = Synopsis,
        Description = """
            Answers questions about the kernel's memory: how it is used overall, what the allocators hold, and
            what a given address is. Most options pick one report and only one of them may be given.

            Given only addresses (hexadecimal), kmem says what each one is: which slab cache object it falls in
            (allocated or free), which vmalloc area, which free page block, or else which struct page covers it,
            with that page's flags.

            Options that crashdive refuses on the kernels it reads say so with crash's wording: -c and -C need
            the page cache hash table that kernels before 2.6 had; -r needs SLUB's memcg root cache list (Linux
            4.13 to 5.8); -l and -L ask for global LRU lists that only 2.4 kernels kept.
            """,
        Options =
        [
            new("-i", "=shared", "a summary of memory use like /proc/meminfo: total, free, used, buffers, cached, slab, huge pages, swap and commit figures, with percentages; -i=shared adds the SHARED row, which takes a pass over every struct page") { OptionalArgument = true },
            new("-f", null, "the free areas of every zone by order, with their counts, checked against the free page count; with addresses, whether each lies in a free block"),
            new("-F", null, "as -f, also listing every free block"),
            new("-v", null, "the vmalloc areas: vmap_area, vm_struct, address range and size; with an address, only the area holding it"),
            new("-V", null, "the vm_stat counters of the whole system, of each node and zone, and the per-CPU event counters"),
            new("-n", null, "the memory nodes, their zones, and the memory sections with their mem_map addresses"),
            new("-z", null, "every zone's statistics: sizes, watermarks, free pages and vm_stat counters"),
            new("-o", null, "each CPU's per-cpu offset (__per_cpu_offset)"),
            new("-h", null, "the huge page sizes (hstates) with their total and free counts"),
            new("-p", null, "the struct page of every physical page (or of the addresses given): page, physical address, mapping, index, count and flags"),
            new("-m", "member[,member]", "as -p, printing the named struct page members instead of the usual columns"),
            new("-s", null, "the slab caches: name, object size, objects allocated and in total, slabs and their size; with a cache name only that one, with an address the cache object it belongs to"),
            new("-S", "=cpu(s)", "as -s, also listing each slab and each object, marking the free ones and those in per-CPU slabs; =cpus limits the per-CPU part to those CPUs") { OptionalArgument = true },
            new("-I", "slab[,slab]", "with -s or -S: leave these caches out"),
            new("-r", null, "the memcg root caches: refused when the kernel has none (any current kernel)"),
            new("-g", null, "the page flag bits of this kernel by name; with a value, the names of the bits set in it"),
            new("-P", null, "with -f and -p: the addresses given are physical"),
            new("-c", null, "the page cache hash table: refused, this kernel has none"),
            new("-C", null, "as -c, with every page: refused likewise"),
            new("-l", "a|i|ic|id", "a global LRU list: refused, only 2.4 kernels kept them"),
            new("-L", "a|i|ic|id", "as -l: refused likewise"),
        ],
        Arguments =
        [
            new("address", "a hexadecimal kernel virtual address (or physical, with -P)"),
            new("slab", "with -s or -S: a slab cache name"),
            new("flags", "with -g: a page flags value"),
        ],
        Examples =
        [
            new("kmem -i", "the memory use summary"),
            new("kmem -s kmalloc-256", "one slab cache's counts"),
            new("kmem ffff888004a3e000", "what that address belongs to"),
        ],
    };
}
