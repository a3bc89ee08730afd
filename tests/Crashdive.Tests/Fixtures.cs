namespace Crashdive.Tests;

/// <summary>
/// The real dumps tests run against, built by fixtures/build.sh under CRASHDIVE_FIXTURES (default
/// ~/.cache/crashdive/fixtures/current). A missing fixture fails the test with a message saying how
/// to build it; nothing is skipped silently.
/// </summary>
public static class Fixtures
{
    /// <summary>The fixtures directory.</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable("CRASHDIVE_FIXTURES") is { Length: > 0 } env
            ? env
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "crashdive", "fixtures", "current");

    /// <summary>The full path of fixture <paramref name="relative"/> (e.g. "kdump/vmcore.kdump-zlib"); fails the test when it is absent.</summary>
    public static string Path(string relative)
    {
        string full = System.IO.Path.Combine(Root, relative);
        if (!File.Exists(full) && !Directory.Exists(full))
            Assert.Fail($"fixture missing: {full} (run fixtures/build.sh, or point CRASHDIVE_FIXTURES at a built fixture set)");
        return full;
    }
}
