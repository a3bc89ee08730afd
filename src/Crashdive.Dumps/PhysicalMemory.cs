namespace Crashdive.Dumps;

/// <summary>
/// Physical memory of a dump as an <see cref="IAddressSpace"/>, with a page cache so that a
/// compressed page is decompressed once while it is hot. Thread-safe.
/// </summary>
public sealed class PhysicalMemory : IAddressSpace
{
    // Direct-mapped: slot = pfn % slots. No allocation per read, no LRU bookkeeping; 4096
    // slots of 4 KiB = 16 MiB, enough for the working set of a command.
    private const int DefaultSlots = 4096;
    private const ulong EmptyTag = ulong.MaxValue;

    private readonly DumpFile _dump;
    private readonly int _pageSize;
    private readonly int _slots;
    private readonly ulong[] _tags;
    private readonly byte[] _data;
    private readonly Lock _lock = new();

    /// <summary>Wraps <paramref name="dump"/>.</summary>
    public PhysicalMemory(DumpFile dump, int slots = DefaultSlots)
    {
        _dump = dump;
        _pageSize = dump.PageSize;
        _slots = Math.Max(1, slots);
        _tags = new ulong[_slots];
        Array.Fill(_tags, EmptyTag);
        _data = new byte[(long)_slots * _pageSize];
    }

    /// <summary>The dump underneath.</summary>
    public DumpFile Dump => _dump;

    /// <inheritdoc/>
    public int Read(ulong address, Span<byte> buffer)
    {
        int done = 0;
        ulong ps = (ulong)_pageSize;
        while (done < buffer.Length)
        {
            ulong addr = address + (ulong)done;
            if (addr < address)
                break; // wrapped past the top of the address space
            ulong pfn = addr / ps;
            int inPage = (int)(addr % ps);
            int n = Math.Min(_pageSize - inPage, buffer.Length - done);
            lock (_lock)
            {
                int slot = (int)(pfn % (ulong)_slots);
                var page = _data.AsSpan(slot * _pageSize, _pageSize);
                if (_tags[slot] != pfn)
                {
                    _tags[slot] = EmptyTag;
                    if (_dump.TryReadPage(pfn, page) != null)
                        return done;
                    _tags[slot] = pfn;
                }
                page.Slice(inPage, n).CopyTo(buffer[done..]);
            }
            done += n;
        }
        return done;
    }

    /// <inheritdoc/>
    public MemoryFaultException? Explain(ulong address)
    {
        ulong pfn = address / (ulong)_pageSize;
        var scratch = new byte[_pageSize];
        var fault = _dump.TryReadPage(pfn, scratch);
        return fault == null ? null : new MemoryFaultException(address, fault.Kind, fault.Detail);
    }
}
