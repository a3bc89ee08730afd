using System.Buffers.Binary;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Mm;

/// <summary>
/// Counts over every <c>struct page</c> of every present memory section, as crash's mem_map walk makes
/// them for <c>kmem -i</c>: reserved pages, shared pages (not reserved, <c>_refcount</c> above 1), and
/// pages with <c>PG_slab</c> set (the head page of each slab: tail pages do not carry the flag).
/// </summary>
public sealed record MemMapCensus(ulong Pages, ulong Reserved, ulong Shared, ulong Slab, bool HasSlabFlag)
{
    /// <summary>Pages read 64 at a time (one 4 KiB block of 64-byte page structs).</summary>
    private const int Batch = 64;

    /// <summary>The census of <paramref name="kernel"/> (computed once, kept on the kernel).</summary>
    public static MemMapCensus Of(KernelProgram kernel, CancellationToken cancel = default) =>
        kernel.Cached(k => Take(k, cancel));

    private static MemMapCensus Take(KernelProgram kernel, CancellationToken cancel)
    {
        var vi = kernel.VmcoreInfo ?? throw new MmException("the dump has no VMCOREINFO: sparse memory sections unknown");
        int pageStruct = (int)(vi.Size("page") ?? throw new MmException("VMCOREINFO lacks SIZE(page)"));
        int flagsOff = (int)(vi.Offset("page.flags") ?? 0);
        int refOff = (int)(vi.Offset("page._refcount") ?? throw new MmException("VMCOREINFO lacks OFFSET(page._refcount)"));
        int sectionBits = (int)(vi.Number("SECTION_SIZE_BITS") ?? throw new MmException("VMCOREINFO lacks SECTION_SIZE_BITS"));
        ulong perSection = 1UL << (sectionBits - 12);
        int reservedBit = FlagBit(kernel, "PG_reserved");
        int slabBit = FlagBit(kernel, "PG_slab");
        ulong maxPfn = MaxPfn(kernel);
        var buffer = new byte[pageStruct * Batch];
        ulong pages = 0, reserved = 0, shared = 0, slab = 0;
        for (ulong start = 0; start < maxPfn; start += perSection)
        {
            cancel.ThrowIfCancellationRequested();
            if (Mm.PfnToPage(kernel, start) is not ulong map)
                continue;
            for (ulong i = 0; i < perSection; i += Batch)
            {
                int n = (int)Math.Min((ulong)Batch, perSection - i);
                var span = buffer.AsSpan(0, n * pageStruct);
                if (!kernel.Memory.TryRead(map + i * (ulong)pageStruct, span))
                    span.Clear();
                for (int p = 0; p < n; p++)
                {
                    var page = span.Slice(p * pageStruct, pageStruct);
                    ulong flags = BinaryPrimitives.ReadUInt64LittleEndian(page[flagsOff..]);
                    int count = BinaryPrimitives.ReadInt32LittleEndian(page[refOff..]);
                    pages++;
                    if (slabBit >= 0 && (flags >> slabBit & 1) != 0)
                        slab++;
                    if (reservedBit >= 0 && (flags >> reservedBit & 1) != 0)
                        reserved++;
                    else if (count > 1)
                        shared++;
                }
            }
        }
        return new MemMapCensus(pages, reserved, shared, slab, slabBit >= 0);
    }

    /// <summary>The bit number of page flag <paramref name="name"/> (<c>enum pageflags</c>), or -1.</summary>
    public static int FlagBit(KernelProgram kernel, string name) =>
        kernel.FindType("enum pageflags")?.Underlying() is EnumType e && e.FindEnumerator(name) is { } en ? (int)en.Value : -1;

    // One past the highest section number: NR_MEM_SECTIONS = LENGTH(mem_section) roots * sections per root.
    private static ulong MaxPfn(KernelProgram kernel)
    {
        var vi = kernel.VmcoreInfo!;
        long roots = vi.Length("mem_section") ?? 0;
        long sectionSize = vi.Size("mem_section") ?? 16;
        long bits = vi.Number("SECTION_SIZE_BITS") ?? 27;
        ulong sections = (ulong)roots * (ulong)(kernel.Dump.PageSize / Math.Max(1, sectionSize));
        return sections << (int)(bits - 12);
    }
}
