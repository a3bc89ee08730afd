using Crashdive.Kernel;
using Crashdive.Symbols.Dwarf.Locations;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Stack;

/// <summary>An argument or local of a frame and its value there.</summary>
/// <param name="Name">The variable's name.</param>
/// <param name="Type">Its type.</param>
/// <param name="IsParameter">True for an argument.</param>
/// <param name="Value">The value (a reference when it lives in memory); absent when <see cref="Location"/> has none.</param>
/// <param name="Location">Where DWARF says it is at this pc, or why it has no value.</param>
public sealed record FrameValue(string Name, CType Type, bool IsParameter, KObject Value, VariableLocation Location)
{
    /// <summary>True when <see cref="Value"/> can be read.</summary>
    public bool HasValue => Location.HasValue;
}
