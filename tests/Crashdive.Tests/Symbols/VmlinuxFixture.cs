using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf.Index;

namespace Crashdive.Tests.Symbols;

/// <summary>
/// The fixture kernel's vmlinux opened once per test class, with the name index built cold into a
/// private cache directory, and drgn's answers to <see cref="VmlinuxTests"/>' questions.
/// </summary>
public sealed class VmlinuxFixture : IDisposable
{
    private readonly TempDirectory _cache = new();

    public VmlinuxFixture()
    {
        Path = Fixtures.Path("kernel/vmlinux");
        Options = new SymbolFileOptions { Index = new NameIndexOptions { CacheDirectory = _cache.Path } };
        File = SymbolFile.Open(Path, Options);
        _ = File.Index;
        Drgn = new DrgnReference(Path, VmlinuxTests.Questions);
    }

    public string Path { get; }

    public SymbolFileOptions Options { get; }

    public SymbolFile File { get; }

    public DrgnReference Drgn { get; }

    public void Dispose()
    {
        File.Dispose();
        _cache.Dispose();
    }
}
