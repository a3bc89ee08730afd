using Crashdive.Arch.X86_64;
using Crashdive.Dumps;

namespace Crashdive.Kernel;

public sealed partial class KernelProgram
{
    private X86_64VirtualRegions? _regions;

    /// <summary>
    /// The kernel virtual address map (direct map, vmalloc, vmemmap, modules), from the kernel's
    /// <c>page_offset_base</c>, <c>vmalloc_base</c> and <c>vmemmap_base</c> variables (CONFIG_RANDOMIZE_MEMORY),
    /// or the fixed defaults when the kernel has none of them. Throws <see cref="KernelLayoutException"/>
    /// when the kernel's layout is unknown.
    /// </summary>
    public X86_64VirtualRegions Regions => _regions ??= ComputeRegions();

    private X86_64VirtualRegions ComputeRegions()
    {
        var layout = Layout;
        ulong? imageSize = VmcoreInfo?.Number("KERNEL_IMAGE_SIZE") is long s && s > 0 ? (ulong)s : null;
        return new X86_64VirtualRegions(layout.FiveLevel, layout.PhysBase,
            ReadBaseVariable("page_offset_base"), ReadBaseVariable("vmalloc_base"), ReadBaseVariable("vmemmap_base"), imageSize);
    }

    // The base variables live in the kernel image, which is mapped through the page tables
    // (never through the direct map whose base is being looked up).
    private ulong? ReadBaseVariable(string name) =>
        SymbolAddress(name) is ulong addr && Memory.TryReadPointer(addr, out ulong value) && value != 0 ? value : null;

    /// <summary>
    /// Translates kernel virtual <paramref name="virt"/> as crash's <c>kvtop</c> does: addresses outside
    /// the vmalloc-like regions translate linearly (direct map, kernel text) without reading page
    /// tables; the others are walked. False when <paramref name="virt"/> is below the direct map or
    /// the walk finds no mapping.
    /// </summary>
    public bool TryKernelToPhysical(ulong virt, out ulong phys)
    {
        var r = Regions;
        phys = 0;
        if (!r.IsKernelVirtual(virt))
            return false;
        if (!r.IsVmallocLike(virt))
        {
            phys = r.LinearToPhysical(virt);
            return true;
        }
        return Layout.PageTable.TryTranslate(virt, out phys, out _, out MemoryFaultException? _);
    }
}
