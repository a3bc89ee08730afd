using Xunit;

namespace Crashdive.Tests;

/// <summary>
/// The real fixture dumps made by fixtures/build.sh: the directory named by CRASHDIVE_FIXTURES,
/// or ~/.cache/crashdive/fixtures/current. A missing fixture fails the test with a message
/// saying how to make it; it is never skipped silently.
/// </summary>
public static class Fixtures
{
    /// <summary>The fixture directory.</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable("CRASHDIVE_FIXTURES") is { Length: > 0 } root
            ? root
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "crashdive", "fixtures", "current");

    /// <summary>The full path of <paramref name="relative"/> (e.g. <c>kdump/vmcore.elf</c>); fails the test when it is absent.</summary>
    public static string Path(string relative)
    {
        string path = System.IO.Path.Combine(Root, relative);
        if (!File.Exists(path) && !Directory.Exists(path))
            Assert.Fail($"fixture missing: {path} (run fixtures/build.sh, or point CRASHDIVE_FIXTURES at a fixture directory)");
        return path;
    }
}
