namespace Crashdive.Helpers.Mm;

/// <summary>The memory-management structures cannot be located (missing VMCOREINFO entry or symbol).</summary>
public sealed class MmException(string message) : Exception(message);
