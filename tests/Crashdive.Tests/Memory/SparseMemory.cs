using System.Buffers.Binary;
using Crashdive.Dumps;

namespace Crashdive.Tests.Memory;

/// <summary>A small synthetic physical memory: 4 KiB pages that exist only where written.</summary>
public sealed class SparseMemory : IAddressSpace
{
    private readonly Dictionary<ulong, byte[]> _pages = [];

    public void Write(ulong address, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            ulong a = address + (ulong)i;
            if (!_pages.TryGetValue(a >> 12, out var page))
                _pages[a >> 12] = page = new byte[4096];
            page[a & 0xfff] = data[i];
        }
    }

    public void WriteU64(ulong address, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        Write(address, b);
    }

    public int Read(ulong address, Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i++)
        {
            ulong a = address + (ulong)i;
            if (!_pages.TryGetValue(a >> 12, out var page))
                return i;
            buffer[i] = page[a & 0xfff];
        }
        return buffer.Length;
    }

    public MemoryFaultException? Explain(ulong address) =>
        _pages.ContainsKey(address >> 12) ? null : new MemoryFaultException(address, MemoryFaultKind.NotInDump, "synthetic");
}
