namespace Crashdive.Dumps;

/// <summary>Memory the dump does not hold. Commands report it for the item and go on.</summary>
public sealed class MemoryFaultException : Exception
{
    /// <summary>Creates a fault for <paramref name="address"/>.</summary>
    public MemoryFaultException(ulong address, MemoryFaultKind kind, string detail, bool isPhysical = true)
        : base(Describe(address, kind, detail, isPhysical))
    {
        Address = address;
        Kind = kind;
        Detail = detail;
        IsPhysical = isPhysical;
    }

    /// <summary>The address that could not be read.</summary>
    public ulong Address { get; }

    /// <summary>Why.</summary>
    public MemoryFaultKind Kind { get; }

    /// <summary>Extra words on the cause (file offset, codec error).</summary>
    public string Detail { get; }

    /// <summary>True when <see cref="Address"/> is physical.</summary>
    public bool IsPhysical { get; }

    private static string Describe(ulong address, MemoryFaultKind kind, string detail, bool isPhysical)
    {
        string space = isPhysical ? "physical" : "virtual";
        string what = kind switch
        {
            MemoryFaultKind.NotInDump => "not in the dump",
            MemoryFaultKind.Excluded => "page excluded from the dump",
            MemoryFaultKind.Corrupt => "page data is corrupt",
            MemoryFaultKind.NotMapped => "no translation",
            MemoryFaultKind.Unsupported => "page cannot be decoded here",
            _ => kind.ToString(),
        };
        return detail.Length == 0
            ? $"{space} address {address:x}: {what}"
            : $"{space} address {address:x}: {what} ({detail})";
    }
}
