namespace Crashdive.Dumps;

/// <summary>A range of physical memory a dump describes, [Start, End).</summary>
/// <param name="Start">First physical address.</param>
/// <param name="End">One past the last physical address.</param>
/// <param name="VirtualStart">The virtual address of Start where the dump gives one (QEMU paging ELF, kcore), else null.</param>
public readonly record struct PhysicalRange(ulong Start, ulong End, ulong? VirtualStart = null)
{
    /// <summary>Length in bytes.</summary>
    public ulong Length => End - Start;
}
