using Crashdive.Kernel;

namespace Crashdive.Commands;

/// <summary>
/// What a command runs against: the kernel, the one writer all output goes through, and the
/// token that Ctrl-C cancels (long loops that print little check it; writing to
/// <see cref="Out"/> after a cancel already stops the command).
/// </summary>
public sealed class CommandContext(KernelProgram kernel, TextWriter output, CancellationToken cancellation = default)
{
    /// <summary>The dead kernel.</summary>
    public KernelProgram Kernel { get; } = kernel;

    /// <summary>Where the command prints.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Cancelled when the user presses Ctrl-C or the reader of the output goes away.</summary>
    public CancellationToken Cancellation { get; } = cancellation;
}
