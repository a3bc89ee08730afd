using Crashdive.Dumps;
using Crashdive.Dumps.Notes;

namespace Crashdive.Tests.Support;

/// <summary>A real dump seen without its VMCOREINFO note, as a QEMU dump of a guest without the vmcoreinfo device is.</summary>
public sealed class WithoutVmcoreInfoDump(DumpFile inner) : DumpFile(inner.Source)
{
    public override DumpFormat Format => inner.Format;
    public override int PageSize => inner.PageSize;
    public override IReadOnlyList<PhysicalRange> Ranges => inner.Ranges;
    public override DumpNotes Notes { get; } = inner.Notes.WithoutVmcoreInfo();
    public override string? VmcoreInfo => null;
    public override PageStatus GetPageStatus(ulong pfn) => inner.GetPageStatus(pfn);
    public override MemoryFaultException? TryReadPage(ulong pfn, Span<byte> page) => inner.TryReadPage(pfn, page);
    public override IReadOnlyList<KeyValuePair<string, string>> Describe() => inner.Describe();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
    }
}
