namespace Crashdive.Helpers.Stack;

/// <summary>One kernel stack: [Start, End), and which kind it is ("process", "IRQ", or an exception stack name: "NMI", "DF", ...).</summary>
public sealed record StackRegion(ulong Start, ulong End, string Kind)
{
    /// <summary>True when [address, address+size) lies inside the stack.</summary>
    public bool Contains(ulong address, ulong size = 8) => address >= Start && address <= End - size && End - Start >= size;

    /// <summary>True for the task's own stack.</summary>
    public bool IsProcess => Kind == "process";

    /// <summary>True for the per-CPU hard-IRQ stack.</summary>
    public bool IsIrq => Kind == "IRQ";
}
