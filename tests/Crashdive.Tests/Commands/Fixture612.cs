using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>The Debian 6.12 fixture, by the names the system-command tests use (see <see cref="Fixtures.Root612"/>).</summary>
public static class Fixture612
{
    /// <summary>The 6.12 fixture directory.</summary>
    public static string Root => Fixtures.Root612;

    /// <summary>The full path of <paramref name="relative"/> in the 6.12 fixture.</summary>
    public static string PathOf(string relative) => Fixtures.Path612(relative);

    /// <summary>The 6.12 dump <paramref name="dumpRelative"/> opened with its vmlinux.</summary>
    public static KernelProgram OpenKernel(string dumpRelative) => Fixtures.OpenKernel612(dumpRelative);

    /// <summary>The ground truth of <paramref name="fixtureCase"/> (kdump or qemu) of the 6.12 fixture.</summary>
    public static Fixtures.Truth GroundTruth(string fixtureCase) => Fixtures.GroundTruth612(fixtureCase);
}
