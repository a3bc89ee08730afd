namespace Crashdive.Dumps;

/// <summary>Why memory could not be read.</summary>
public enum MemoryFaultKind
{
    /// <summary>The dump holds nothing at this address.</summary>
    NotInDump,
    /// <summary>The page was filtered out when the dump was made.</summary>
    Excluded,
    /// <summary>The page is in the dump but its data is damaged (bad compression, points past the file).</summary>
    Corrupt,
    /// <summary>A virtual address with no translation.</summary>
    NotMapped,
    /// <summary>The page is in the dump but cannot be decoded on this machine (a codec library is missing).</summary>
    Unsupported,
}
