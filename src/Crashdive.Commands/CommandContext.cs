using Crashdive.Kernel;

namespace Crashdive.Commands;

/// <summary>What a command runs against: the kernel, and the one writer all output goes through.</summary>
public sealed class CommandContext(KernelProgram kernel, TextWriter output)
{
    /// <summary>The dead kernel.</summary>
    public KernelProgram Kernel { get; } = kernel;

    /// <summary>Where the command prints.</summary>
    public TextWriter Out { get; } = output;
}
