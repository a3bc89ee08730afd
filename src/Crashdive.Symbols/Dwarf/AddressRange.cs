namespace Crashdive.Symbols.Dwarf;

/// <summary>A half-open address range [Start, End).</summary>
public readonly record struct AddressRange(ulong Start, ulong End)
{
    /// <summary>True when <paramref name="address"/> is inside the range.</summary>
    public bool Contains(ulong address) => address >= Start && address < End;
}
