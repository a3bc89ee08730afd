namespace Crashdive.Symbols.Dwarf.Locations;

/// <summary>Where a variable's value is, after its location description was evaluated.</summary>
public enum LocationKind
{
    /// <summary>In memory at <see cref="VariableLocation.Address"/>.</summary>
    Memory,
    /// <summary>Known bytes (a register, a computed value, an implicit value, or pieces of these).</summary>
    Value,
    /// <summary>The compiler gave no location at this address (gdb's <c>&lt;optimized out&gt;</c>), or it lives in a register the unwinder does not know.</summary>
    OptimizedOut,
    /// <summary>The location could not be evaluated (memory not in the dump, an operation this reader does not evaluate, a malformed expression).</summary>
    Unavailable,
}
