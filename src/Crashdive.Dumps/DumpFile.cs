using Crashdive.Dumps.Notes;
using Crashdive.Dumps.Sources;

namespace Crashdive.Dumps;

/// <summary>
/// One opened dump file, whatever its container. Knows its pages and notes; knows nothing
/// of the kernel inside. Never writes to the file.
/// </summary>
public abstract class DumpFile : IDisposable
{
    /// <summary>Wraps <paramref name="source"/>; the dump owns and disposes it.</summary>
    protected DumpFile(IFileSource source) => Source = source;

    /// <summary>The bytes of the file as the format sees them (flattened streams are mapped, not reassembled).</summary>
    public IFileSource Source { get; }

    /// <summary>The dump file's path.</summary>
    public string Path => Source.Path;

    /// <summary>The container format.</summary>
    public abstract DumpFormat Format { get; }

    /// <summary>True when the file is a makedumpfile flattened stream (-F) read in place.</summary>
    public bool IsFlattened => Source is FlattenedFileSource;

    /// <summary>The dump's page size in bytes (4096 on x86-64).</summary>
    public abstract int PageSize { get; }

    /// <summary>Physical memory ranges the dump describes, sorted, not overlapping.</summary>
    public abstract IReadOnlyList<PhysicalRange> Ranges { get; }

    /// <summary>The ELF notes carried by the dump (PRSTATUS per CPU, VMCOREINFO, QEMU CPU state).</summary>
    public abstract DumpNotes Notes { get; }

    /// <summary>The VMCOREINFO text, wherever the format keeps it, or null.</summary>
    public virtual string? VmcoreInfo => Notes.VmcoreInfo;

    /// <summary>The highest page frame number the dump covers, plus one.</summary>
    public virtual ulong MaxPfn => Ranges.Count == 0 ? 0 : (Ranges[^1].End + (ulong)PageSize - 1) / (ulong)PageSize;

    /// <summary>What the dump holds for page frame <paramref name="pfn"/>. Cheap: reads no page data.</summary>
    public abstract PageStatus GetPageStatus(ulong pfn);

    /// <summary>
    /// Reads page frame <paramref name="pfn"/> into <paramref name="page"/> (exactly <see cref="PageSize"/>
    /// bytes). Returns null on success, or the fault that explains why it cannot be read.
    /// </summary>
    public abstract MemoryFaultException? TryReadPage(ulong pfn, Span<byte> page);

    /// <summary>Format-specific facts for <c>--dumpinfo</c>, as (name, value) lines in a stable order.</summary>
    public abstract IReadOnlyList<KeyValuePair<string, string>> Describe();

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the file.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
            Source.Dispose();
    }
}
