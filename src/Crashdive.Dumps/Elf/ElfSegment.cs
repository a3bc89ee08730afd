namespace Crashdive.Dumps.Elf;

/// <summary>
/// One PT_LOAD of an ELF dump as its program header gives it, after the bounds checks.
/// Bytes [<see cref="FileSize"/>, <see cref="MemorySize"/>) of the segment are zeros that the file does not store.
/// </summary>
/// <param name="Index">Position of the program header in the table.</param>
/// <param name="FileOffset">Where the segment's bytes start in the file (<c>p_offset</c>).</param>
/// <param name="VirtualAddress">The segment's virtual address (<c>p_vaddr</c>): kernel-virtual in kdump, QEMU paging and kcore dumps, 0 or equal to the physical address otherwise.</param>
/// <param name="PhysicalAddress">The segment's physical address (<c>p_paddr</c>), or null when it has none (kcore's vmalloc and module segments say -1).</param>
/// <param name="FileSize">Bytes stored in the file (<c>p_filesz</c>).</param>
/// <param name="MemorySize">Bytes of memory described (<c>p_memsz</c>).</param>
public readonly record struct ElfSegment(int Index, ulong FileOffset, ulong VirtualAddress, ulong? PhysicalAddress, ulong FileSize, ulong MemorySize)
{
    /// <summary>True when <c>p_vaddr</c> is a real virtual address: neither 0 nor a copy of <c>p_paddr</c>.</summary>
    public bool HasVirtualAddress => VirtualAddress != 0 && VirtualAddress != PhysicalAddress;

    /// <summary>Bytes of the segment that read as zeros because <c>p_memsz</c> exceeds <c>p_filesz</c>.</summary>
    public ulong ZeroFillSize => MemorySize - FileSize;
}
