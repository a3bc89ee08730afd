using Crashdive.Dumps;
using Crashdive.Memory;

namespace Crashdive.Arch.X86_64;

/// <summary>
/// Where the x86-64 kernel sits in a dump: KASLR offset, phys_base, the kernel page-table root,
/// paging depth, and the kernel virtual address space built from them.
/// </summary>
public sealed class X86_64KernelLayout
{
    /// <summary>Start of the kernel text mapping (<c>__START_KERNEL_map</c>).</summary>
    public const ulong StartKernelMap = 0xffff_ffff_8000_0000UL;

    private X86_64KernelLayout(ulong kaslrOffset, ulong physBase, ulong pgdPhys, bool fiveLevel, string rootSource, IAddressSpace physical)
    {
        KaslrOffset = kaslrOffset;
        PhysBase = physBase;
        PageTableRoot = pgdPhys;
        FiveLevel = fiveLevel;
        RootSource = rootSource;
        PageTable = new X86_64PageTable(physical, pgdPhys, fiveLevel);
        Kernel = new VirtualAddressSpace(physical, PageTable);
    }

    /// <summary>How far KASLR moved the kernel text from its link address.</summary>
    public ulong KaslrOffset { get; }

    /// <summary>Physical load displacement (<c>phys_base</c>): phys = virt - __START_KERNEL_map + phys_base for kernel text.</summary>
    public ulong PhysBase { get; }

    /// <summary>Physical address of the kernel's top-level page table (init_top_pgt).</summary>
    public ulong PageTableRoot { get; }

    /// <summary>True when the kernel ran with 5-level paging.</summary>
    public bool FiveLevel { get; }

    /// <summary>Where the page-table root came from (VMCOREINFO, a CPU's CR3).</summary>
    public string RootSource { get; }

    /// <summary>The walker for kernel addresses.</summary>
    public X86_64PageTable PageTable { get; }

    /// <summary>Kernel virtual memory.</summary>
    public VirtualAddressSpace Kernel { get; }

    /// <summary>
    /// Works the layout out from VMCOREINFO (<c>SYMBOL(init_top_pgt)</c>, <c>NUMBER(phys_base)</c>,
    /// <c>KERNELOFFSET</c>, <c>NUMBER(pgtable_l5_enabled)</c>), or, for a dump without it, from a saved CR3
    /// (QEMU's CPU-state notes). Returns null with <paramref name="why"/> when neither is there.
    /// </summary>
    public static X86_64KernelLayout? FromDump(DumpFile dump, IAddressSpace physical, out string why)
    {
        var info = dump.VmcoreInfo is string text ? VmcoreInfo.Parse(text) : null;
        bool five = info?.Number("pgtable_l5_enabled") is long l5 && l5 != 0;
        ulong kaslr = info?.KernelOffset ?? 0;
        ulong? top = info?.Symbol("init_top_pgt");
        long? physBase = info?.Number("phys_base");
        if (top is ulong t && physBase is long pb && t >= StartKernelMap)
        {
            why = "";
            ulong root = unchecked(t - StartKernelMap + (ulong)pb);
            return new X86_64KernelLayout(kaslr, unchecked((ulong)pb), root, five, "VMCOREINFO init_top_pgt", physical);
        }
        foreach (var cpu in dump.Notes.QemuCpus)
        {
            if (cpu.Get("cr3") is not ulong cr3 || cr3 == 0)
                continue;
            // With page-table isolation the user copy of the PGD is the odd page of an 8 KiB pair:
            // clear bit 12 to get the kernel half. Bits 0-11 hold PCID and flags.
            ulong root = cr3 & X86_64PageTable.AddressMask & ~0x1000UL;
            bool cpuFive = cpu.Get("cr4") is ulong cr4 && (cr4 & (1UL << 12)) != 0;
            why = "";
            return new X86_64KernelLayout(kaslr, physBase is long p ? unchecked((ulong)p) : 0, root, cpuFive,
                $"CR3 of CPU {cpu.Index} (QEMU note)", physical);
        }
        why = info == null
            ? "the dump has no VMCOREINFO and no saved CR3"
            : "VMCOREINFO lacks SYMBOL(init_top_pgt) or NUMBER(phys_base), and the dump has no saved CR3";
        return null;
    }

    /// <summary>Physical address of a kernel-text virtual address, without a page walk.</summary>
    public ulong TextToPhysical(ulong virt) => unchecked(virt - StartKernelMap + PhysBase);
}
