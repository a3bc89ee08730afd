namespace Crashdive.Kernel;

/// <summary>Why <see cref="KernelProgram.ReadMemory"/> stopped, in crash's categories.</summary>
public enum ReadFaultKind
{
    /// <summary>The address is not in its address space or has no translation ("invalid kernel virtual address").</summary>
    InvalidAddress,
    /// <summary>The translated physical page is not in the dump ("read error"); also damaged page data.</summary>
    ReadError,
    /// <summary>A kdump-compressed dump has no such page frame at all ("seek error").</summary>
    SeekError,
    /// <summary>The page was filtered out when the dump was made ("page excluded").</summary>
    PageExcluded,
    /// <summary>A user address: user address spaces (task page tables) are not supported yet.</summary>
    UserSpaceUnsupported,
}
