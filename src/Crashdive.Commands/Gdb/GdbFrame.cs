using Crashdive.Helpers.Stack;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// One frame as gdb numbers frames: a function inlined at a physical frame's pc is a frame of its own, before
/// the function it was inlined into; all of a physical frame's gdb frames share its registers.
/// </summary>
/// <param name="Level">gdb's frame number.</param>
/// <param name="Physical">The number of the physical frame among the task's.</param>
/// <param name="Registers">The physical frame's registers.</param>
/// <param name="Scopes">The scopes at the physical frame's pc, innermost first (empty without debuginfo).</param>
/// <param name="ScopeIndex">Which of <paramref name="Scopes"/> this frame is.</param>
/// <param name="FsBase">The task's fs_base where crash gave gdb one (from the dump's note), else null.</param>
/// <param name="GsBase">The task's gs_base likewise.</param>
public sealed record GdbFrame(int Level, int Physical, FrameRegisters Registers, IReadOnlyList<FrameScopeValues> Scopes, int ScopeIndex,
    ulong? FsBase, ulong? GsBase)
{
    /// <summary>The function of this frame (an inlined one, or the physical frame's), or null without debuginfo.</summary>
    public string? Function => ScopeIndex < Scopes.Count ? Scopes[ScopeIndex].Scope.Name : null;

    /// <summary>
    /// The name gdb gives the frame's function: the debuginfo's, else the ELF symbol gdb's minimal symbols hold the
    /// frame's code address in (a sized symbol before a label inside it), else null.
    /// </summary>
    public string? FunctionName(Crashdive.Kernel.KernelProgram kernel) =>
        Function ?? Printing.SymbolAnnotator.Of(kernel).Lookup(Registers.LookupPc)?.Name;

    /// <summary>True when this frame is a call inlined into the next one.</summary>
    public bool IsInlined => ScopeIndex < Scopes.Count && Scopes[ScopeIndex].Scope.IsInlined;
}
