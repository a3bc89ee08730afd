using Crashdive.Kernel;
using Crashdive.Symbols;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// The debuginfo that describes a run-time code address: a module's (<c>mod -s</c>), already relocated to
/// where the module was loaded, or the vmlinux's, in link-time addresses (run-time minus the KASLR slide).
/// </summary>
/// <param name="File">The symbol file.</param>
/// <param name="Bias">Run-time minus link-time address (the KASLR slide for the vmlinux, 0 for a module).</param>
public readonly record struct FrameCode(SymbolFile File, ulong Bias)
{
    /// <summary>The debuginfo of <paramref name="pc"/>, or null when none is loaded for it.</summary>
    public static FrameCode? For(KernelProgram kernel, ulong pc)
    {
        if (ModuleText.Of(kernel).ModuleOf(pc) is string module)
        {
            foreach (DebugFile m in kernel.ModuleDebugFiles)
            {
                if (m.Name == module && m.Symbols.HasDebugInfo)
                    return new FrameCode(m.Symbols, 0);
            }
            return null;
        }
        if (kernel.Vmlinux is SymbolFile v && v.HasDebugInfo && pc >= Arch.X86_64.X86_64KernelLayout.StartKernelMap)
            return new FrameCode(v, kernel.KaslrOffset);
        return null;
    }

    /// <summary>The link-time address of run-time <paramref name="pc"/>.</summary>
    public ulong Link(ulong pc) => unchecked(pc - Bias);
}
