namespace Crashdive.Arch.X86_64;

/// <summary>
/// The regions of the x86-64 kernel virtual address space (direct map, vmalloc, vmemmap, modules,
/// cpu_entry_area, vsyscall) and the linear translations crash uses for the direct map and the
/// kernel text. With CONFIG_RANDOMIZE_MEMORY the bases come from the kernel's variables
/// <c>page_offset_base</c>, <c>vmalloc_base</c> and <c>vmemmap_base</c>; the sizes are fixed per
/// paging mode (Documentation/x86/x86_64/mm.rst).
/// </summary>
public sealed class X86_64VirtualRegions
{
    private const ulong TiB = 1UL << 40;

    /// <summary>First address past the user half: 47 bits, or 56 bits with 5-level paging.</summary>
    public const ulong UserspaceTop4Level = 0x0000_8000_0000_0000UL;

    /// <summary>First address past the user half with 5-level paging.</summary>
    public const ulong UserspaceTop5Level = 0x0100_0000_0000_0000UL;

    /// <summary>Default direct-map base without KASLR of memory (4.20+, 4-level).</summary>
    public const ulong DefaultPageOffset4Level = 0xffff_8880_0000_0000UL;

    /// <summary>Default direct-map base without KASLR of memory (4.20+, 5-level).</summary>
    public const ulong DefaultPageOffset5Level = 0xff11_0000_0000_0000UL;

    /// <summary>Default vmalloc base (2.6.31+, 4-level).</summary>
    public const ulong DefaultVmallocStart4Level = 0xffff_c900_0000_0000UL;

    /// <summary>Default vmemmap base (2.6.31+, 4-level).</summary>
    public const ulong DefaultVmemmapStart4Level = 0xffff_ea00_0000_0000UL;

    /// <summary>Default vmalloc base with 5-level paging.</summary>
    public const ulong DefaultVmallocStart5Level = 0xffa0_0000_0000_0000UL;

    /// <summary>Default vmemmap base with 5-level paging.</summary>
    public const ulong DefaultVmemmapStart5Level = 0xffd4_0000_0000_0000UL;

    /// <summary>Top of the module area (<c>MODULES_END</c>).</summary>
    public const ulong DefaultModulesEnd = 0xffff_ffff_ff00_0000UL;

    /// <summary>The cpu_entry_area (4.15+).</summary>
    public const ulong CpuEntryAreaStart = 0xffff_fe00_0000_0000UL;

    /// <summary>Last byte of the cpu_entry_area region.</summary>
    public const ulong CpuEntryAreaEnd = 0xffff_fe7f_ffff_ffffUL;

    /// <summary>The legacy vsyscall page.</summary>
    public const ulong VsyscallStart = 0xffff_ffff_ff60_0000UL;

    /// <summary>First byte past the vsyscall page.</summary>
    public const ulong VsyscallEnd = 0xffff_ffff_ff60_1000UL;

    /// <summary>Builds the regions from the kernel's base variables (null: the kernel has no such variable, use the default).</summary>
    /// <param name="fiveLevel">True with 5-level paging (LA57).</param>
    /// <param name="physBase">The kernel's <c>phys_base</c>.</param>
    /// <param name="pageOffsetBase">Value of <c>page_offset_base</c>.</param>
    /// <param name="vmallocBase">Value of <c>vmalloc_base</c>.</param>
    /// <param name="vmemmapBase">Value of <c>vmemmap_base</c>.</param>
    /// <param name="kernelImageSize">VMCOREINFO <c>NUMBER(KERNEL_IMAGE_SIZE)</c> (1 GiB when KASLR is on).</param>
    public X86_64VirtualRegions(bool fiveLevel, ulong physBase, ulong? pageOffsetBase, ulong? vmallocBase, ulong? vmemmapBase, ulong? kernelImageSize)
    {
        FiveLevel = fiveLevel;
        PhysBase = physBase;
        UserspaceTop = fiveLevel ? UserspaceTop5Level : UserspaceTop4Level;
        PageOffset = pageOffsetBase ?? (fiveLevel ? DefaultPageOffset5Level : DefaultPageOffset4Level);
        VmallocStart = vmallocBase ?? (fiveLevel ? DefaultVmallocStart5Level : DefaultVmallocStart4Level);
        // vmalloc spans 32 TiB with 4-level paging and 12800 TiB with 5-level; crash uses 1280 TiB for
        // the 5-level case and fills the hole up to vmemmap separately (see IsVmallocLike).
        VmallocEnd = VmallocStart + (fiveLevel ? 1280 * TiB : 32 * TiB) - 1;
        VmemmapStart = vmemmapBase ?? (fiveLevel ? DefaultVmemmapStart5Level : DefaultVmemmapStart4Level);
        VmemmapEnd = VmemmapStart + TiB - 1;
        ModulesStart = X86_64KernelLayout.StartKernelMap + (kernelImageSize is ulong s && s != 0 ? s : 1UL << 30);
        ModulesEnd = DefaultModulesEnd;
    }

    /// <summary>True with 5-level paging.</summary>
    public bool FiveLevel { get; }

    /// <summary>The kernel's <c>phys_base</c>, for kernel-text translations.</summary>
    public ulong PhysBase { get; }

    /// <summary>First address past user space (<c>TASK_SIZE_MAX</c> rounded up to the half).</summary>
    public ulong UserspaceTop { get; }

    /// <summary>Base of the direct map of all physical memory (<c>PAGE_OFFSET</c>).</summary>
    public ulong PageOffset { get; }

    /// <summary>First vmalloc address.</summary>
    public ulong VmallocStart { get; }

    /// <summary>Last vmalloc address.</summary>
    public ulong VmallocEnd { get; }

    /// <summary>Base of the <c>struct page</c> array (<c>vmemmap</c>).</summary>
    public ulong VmemmapStart { get; }

    /// <summary>Last vmemmap address.</summary>
    public ulong VmemmapEnd { get; }

    /// <summary>First module address (<c>MODULES_VADDR</c>).</summary>
    public ulong ModulesStart { get; }

    /// <summary>Last module address (<c>MODULES_END</c>).</summary>
    public ulong ModulesEnd { get; }

    /// <summary>True when <paramref name="virt"/> is at or above the direct map, as crash's <c>IS_KVADDR</c> decides.</summary>
    public bool IsKernelVirtual(ulong virt) => virt >= PageOffset;

    /// <summary>True for a user-space address (below <see cref="UserspaceTop"/>).</summary>
    public bool IsUserVirtual(ulong virt) => virt < UserspaceTop;

    /// <summary>
    /// True for addresses only the page tables can translate: vmalloc, vmemmap, modules, vsyscall,
    /// cpu_entry_area (crash's <c>IS_VMALLOC_ADDR</c>). Other kernel addresses translate linearly.
    /// </summary>
    public bool IsVmallocLike(ulong virt) =>
        (virt >= VmallocStart && virt <= VmallocEnd)
        || (virt >= VmemmapStart && virt <= VmemmapEnd)
        || (virt >= ModulesStart && virt <= ModulesEnd)
        || (virt >= VsyscallStart && virt < VsyscallEnd)
        || (virt >= CpuEntryAreaStart && virt <= CpuEntryAreaEnd)
        || (FiveLevel && virt > VmallocEnd && virt < VmemmapStart);

    /// <summary>
    /// The kernel's <c>__pa()</c> without a page walk: kernel text and data above
    /// <c>__START_KERNEL_map</c> through <c>phys_base</c>, everything else through the direct map.
    /// Meaningful only for addresses that are not <see cref="IsVmallocLike"/>.
    /// </summary>
    public ulong LinearToPhysical(ulong virt) => virt >= X86_64KernelLayout.StartKernelMap
        ? unchecked(virt - X86_64KernelLayout.StartKernelMap + PhysBase)
        : unchecked(virt - PageOffset);

    /// <summary>The direct-map address of physical <paramref name="phys"/> (<c>__va()</c>).</summary>
    public ulong PhysicalToDirect(ulong phys) => unchecked(phys + PageOffset);
}
