using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols;

namespace Crashdive.Tests.Commands;

/// <summary>
/// The Debian 6.12 fixture (crash cannot open it; its ground truth is the reference): the directory named
/// by CRASHDIVE_FIXTURES_612, or the sibling of the fixture root whose name starts with "6.12.". Missing,
/// it fails the test with a message saying how to make it.
/// </summary>
public static class Fixture612
{
    /// <summary>The 6.12 fixture directory.</summary>
    public static string Root
    {
        get
        {
            if (Environment.GetEnvironmentVariable("CRASHDIVE_FIXTURES_612") is { Length: > 0 } env)
                return env;
            string parent = Path.GetDirectoryName(Path.GetFullPath(Fixtures.Root).TrimEnd('/')) ?? "";
            string? dir = Directory.Exists(parent)
                ? Directory.GetDirectories(parent, "6.12.*").OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
                : null;
            if (dir == null)
                Assert.Fail($"no 6.12 fixture beside {Fixtures.Root}; run fixtures/build.sh 6.12.117+deb12-cloud-amd64 (or set CRASHDIVE_FIXTURES_612)");
            return dir;
        }
    }

    /// <summary>The full path of <paramref name="relative"/> in the 6.12 fixture.</summary>
    public static string PathOf(string relative)
    {
        string path = Path.Combine(Root, relative);
        if (!File.Exists(path))
            Assert.Fail($"6.12 fixture file missing: {path}");
        return path;
    }

    /// <summary>The 6.12 dump <paramref name="dumpRelative"/> opened with its vmlinux.</summary>
    public static KernelProgram OpenKernel(string dumpRelative) =>
        new(DumpOpener.Open(PathOf(dumpRelative)), SymbolFile.Open(PathOf("kernel/vmlinux")));

    /// <summary>The ground truth of <paramref name="fixtureCase"/> (kdump or qemu) of the 6.12 fixture.</summary>
    public static Fixtures.Truth GroundTruth(string fixtureCase)
    {
        string path = PathOf($"{fixtureCase}/ground-truth.txt");
        return Fixtures.Truth.Parse(File.ReadAllLines(path), path);
    }
}
