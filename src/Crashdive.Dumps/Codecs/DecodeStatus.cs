namespace Crashdive.Dumps.Codecs;

/// <summary>Outcome of decompressing one page.</summary>
public enum DecodeStatus
{
    /// <summary>The page was decoded to exactly the expected size.</summary>
    Ok,
    /// <summary>The compressed bytes are damaged; the error text says how.</summary>
    Corrupt,
    /// <summary>This machine cannot decode the page (a codec library is missing).</summary>
    Unsupported,
}
