namespace Crashdive.Kernel;

/// <summary>The kernel could not be located in the dump (no VMCOREINFO, no saved CR3).</summary>
public sealed class KernelLayoutException(string reason) : Exception($"cannot locate the kernel in the dump: {reason}");
