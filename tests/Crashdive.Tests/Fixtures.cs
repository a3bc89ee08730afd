namespace Crashdive.Tests;

/// <summary>
/// Where the fixture builder's output is: $CRASHDIVE_FIXTURES, else ~/.cache/crashdive/fixtures/current.
/// A missing fixture fails the test with a message saying how to make it; tests never skip silently.
/// </summary>
internal static class Fixtures
{
    /// <summary>The fixture root directory.</summary>
    public static string Root
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("CRASHDIVE_FIXTURES");
            if (!string.IsNullOrEmpty(env))
                return env;
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return System.IO.Path.Combine(home, ".cache", "crashdive", "fixtures", "current");
        }
    }

    /// <summary>The path of fixture <paramref name="relative"/> (such as "kernel/vmlinux"); fails the test when it is absent.</summary>
    public static string Path(string relative)
    {
        string p = System.IO.Path.Combine(Root, relative);
        if (!File.Exists(p) && !Directory.Exists(p))
            Assert.Fail($"fixture missing: {p} (run fixtures/build.sh, or point CRASHDIVE_FIXTURES at a built fixture set)");
        return p;
    }
}
