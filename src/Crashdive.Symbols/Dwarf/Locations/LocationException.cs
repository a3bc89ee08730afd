namespace Crashdive.Symbols.Dwarf.Locations;

/// <summary>Why a location expression gave no value; <see cref="OptimizedOut"/> when the value is gone rather than unreadable.</summary>
internal sealed class LocationException(string message, bool optimizedOut = false) : Exception(message)
{
    /// <summary>True when the value does not exist in this frame (as opposed to an error reading it).</summary>
    public bool OptimizedOut { get; } = optimizedOut;
}
