namespace Crashdive.Tests.Symbols;

/// <summary>drgn's answers about the fixture kernel's nfnetlink_queue.ko, asked once per test class.</summary>
public sealed class ModuleFixture
{
    public ModuleFixture()
    {
        Path = Fixtures.Path("kernel/modules/nfnetlink_queue.ko");
        Drgn = new DrgnReference(Path, ModuleTests.Questions);
    }

    public string Path { get; }

    public DrgnReference Drgn { get; }
}
