namespace Crashdive.Symbols.Dwarf.Index;

/// <summary>How the name index is obtained.</summary>
public sealed record NameIndexOptions
{
    /// <summary>
    /// Directory of cache files; null for $XDG_CACHE_HOME/crashdive/index or ~/.cache/crashdive/index.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>False to neither read nor write the cache.</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Threads for the scan; 0 for one per processor.</summary>
    public int Threads { get; init; }

    /// <summary>The cache directory used when <see cref="CacheDirectory"/> is null.</summary>
    public static string DefaultCacheDirectory()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "crashdive", "index");
    }
}
