namespace Crashdive.Tests.Commands;

/// <summary>
/// Where the reference tools are: the wrappers fixtures/build.sh writes beside the Debian sid chroot
/// (<c>CACHE/sid/current/bin/crash</c>, <c>…/drgn</c>, CACHE being <c>CRASHDIVE_CACHE</c> or ~/.cache/crashdive),
/// unless an environment variable names another binary.
/// </summary>
public static class ReferenceTools
{
    /// <summary>The cache root the fixture builder uses.</summary>
    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("CRASHDIVE_CACHE") is { Length: > 0 } c
            ? c
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "crashdive");

    /// <summary>The path of <paramref name="tool"/>; fails the test with how to get it when it is missing.</summary>
    public static string Path(string tool, string environmentVariable)
    {
        string? path = Environment.GetEnvironmentVariable(environmentVariable);
        if (string.IsNullOrEmpty(path))
            path = System.IO.Path.Combine(CacheRoot, "sid", "current", "bin", tool);
        if (!File.Exists(path))
            Assert.Fail($"{tool} not found at {path}: the reference tools come from the Debian sid chroot fixtures/build.sh makes; run it or set {environmentVariable}");
        return path;
    }
}
