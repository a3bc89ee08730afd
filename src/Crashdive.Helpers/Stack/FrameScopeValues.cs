using Crashdive.Symbols;

namespace Crashdive.Helpers.Stack;

/// <summary>One function scope of a frame (an inlined call, or the function itself) with its variables' values.</summary>
/// <param name="Scope">The scope from the debuginfo.</param>
/// <param name="Variables">Its arguments, then its locals (innermost block first).</param>
public sealed record FrameScopeValues(FrameScope Scope, IReadOnlyList<FrameValue> Variables);
