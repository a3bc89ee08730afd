using Crashdive.Symbols.Dwarf.Lines;

namespace Crashdive.Symbols;

/// <summary>
/// One function scope at a code address: the concrete function, or a function inlined into it
/// (gdb shows each as its own frame). <see cref="Variables"/> are the arguments in order, then the
/// locals of the blocks that hold the address, innermost block first (gdb's <c>info args</c> and
/// <c>info locals</c>).
/// </summary>
/// <param name="Name">The function's name (through DW_AT_abstract_origin for inlined code), or null.</param>
/// <param name="DieKey">The DW_TAG_subprogram or DW_TAG_inlined_subroutine DIE.</param>
/// <param name="IsInlined">True for an inlined call.</param>
/// <param name="CallSite">Where an inlined function was called from (DW_AT_call_file/line), or null.</param>
/// <param name="FrameBaseDieKey">The concrete subprogram whose DW_AT_frame_base DW_OP_fbreg uses.</param>
/// <param name="Variables">Arguments, then locals.</param>
public sealed record FrameScope(string? Name, ulong DieKey, bool IsInlined, SourceLocation? CallSite, ulong FrameBaseDieKey, IReadOnlyList<FrameScopeVariable> Variables);
