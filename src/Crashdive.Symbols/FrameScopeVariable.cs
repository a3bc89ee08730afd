using Crashdive.Symbols.Types;

namespace Crashdive.Symbols;

/// <summary>An argument or local variable of a <see cref="FrameScope"/>.</summary>
/// <param name="Name">Its name (through DW_AT_abstract_origin).</param>
/// <param name="Type">Its type.</param>
/// <param name="IsParameter">True for a DW_TAG_formal_parameter.</param>
/// <param name="DieKey">The concrete DIE, whose DW_AT_location (or DW_AT_const_value) gives the value.</param>
/// <param name="FrameBaseDieKey">The concrete subprogram whose DW_AT_frame_base DW_OP_fbreg uses.</param>
public sealed record FrameScopeVariable(string Name, CType Type, bool IsParameter, ulong DieKey, ulong FrameBaseDieKey);
