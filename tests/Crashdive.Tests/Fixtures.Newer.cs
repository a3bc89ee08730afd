using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols;

namespace Crashdive.Tests;

public static partial class Fixtures
{
    /// <summary>
    /// The fixtures of the newer kernel (Debian 12's 6.12 cloud kernel) made by scripts/fixtures-6.12.sh:
    /// CRASHDIVE_FIXTURES_612, or ~/.cache/crashdive/fixtures/current-6.12.
    /// </summary>
    public static string Root612 =>
        Environment.GetEnvironmentVariable("CRASHDIVE_FIXTURES_612") is { Length: > 0 } root
            ? root
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "crashdive", "fixtures", "current-6.12");

    /// <summary>The full path of <paramref name="relative"/> in the 6.12 fixtures; fails the test when it is absent.</summary>
    public static string Path612(string relative)
    {
        string path = System.IO.Path.Combine(Root612, relative);
        if (!File.Exists(path) && !Directory.Exists(path))
            Assert.Fail($"fixture missing: {path}; run scripts/fixtures-6.12.sh (or point CRASHDIVE_FIXTURES_612 at a fixture directory)");
        return path;
    }

    /// <summary>The ground truth of a 6.12 fixture case (<c>kdump</c> or <c>qemu</c>).</summary>
    public static Truth GroundTruth612(string fixtureCase)
    {
        string path = Path612($"{fixtureCase}/ground-truth.txt");
        return Truth.Parse(File.ReadAllLines(path), path);
    }

    /// <summary>A 6.12 fixture dump opened with that kernel's vmlinux.</summary>
    public static KernelProgram OpenKernel612(string dumpRelative) =>
        new(DumpOpener.Open(Path612(dumpRelative)), SymbolFile.Open(Path612("kernel/vmlinux")));
}
