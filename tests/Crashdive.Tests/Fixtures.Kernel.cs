using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols;

namespace Crashdive.Tests;

public static partial class Fixtures
{
    /// <summary>The fixture dump <paramref name="dumpRelative"/> opened with the fixture kernel's vmlinux.</summary>
    public static KernelProgram OpenKernel(string dumpRelative) =>
        new(DumpOpener.Open(Path(dumpRelative)), SymbolFile.Open(Path("kernel/vmlinux")));
}
