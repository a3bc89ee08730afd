using System.Runtime.InteropServices;
using System.Text;
using Crashdive.Dumps;

namespace Crashdive.Memory;

/// <summary>
/// Typed reads over one <see cref="IAddressSpace"/>: the only place <c>Read&lt;T&gt;</c>,
/// <c>ReadPointer</c>, <c>ReadCString</c> and their <c>Try</c> twins are written.
/// The throwing forms raise <see cref="MemoryFaultException"/> carrying the address.
/// </summary>
public sealed class MemoryReader(IAddressSpace space, bool isPhysical = false)
{
    /// <summary>Longest C string <see cref="ReadCString"/> will read before giving up.</summary>
    public const int DefaultMaxString = 4096;

    /// <summary>The address space read from.</summary>
    public IAddressSpace Space { get; } = space;

    /// <summary>True when addresses are physical (for fault messages).</summary>
    public bool IsPhysical { get; } = isPhysical;

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="address"/> or returns false.</summary>
    public bool TryRead(ulong address, Span<byte> buffer) => Space.Read(address, buffer) == buffer.Length;

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="address"/> or throws the fault that stopped it.</summary>
    public void Read(ulong address, Span<byte> buffer)
    {
        int n = Space.Read(address, buffer);
        if (n != buffer.Length)
            throw Fault(address + (ulong)n);
    }

    /// <summary>Reads one unmanaged value, or returns false.</summary>
    public bool TryRead<T>(ulong address, out T value) where T : unmanaged
    {
        value = default;
        return TryRead(address, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref value, 1)));
    }

    /// <summary>Reads one unmanaged value or throws.</summary>
    public T Read<T>(ulong address) where T : unmanaged
    {
        T value = default;
        Read(address, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref value, 1)));
        return value;
    }

    /// <summary>Reads a 64-bit pointer, or returns false.</summary>
    public bool TryReadPointer(ulong address, out ulong value) => TryRead(address, out value);

    /// <summary>Reads a 64-bit pointer or throws.</summary>
    public ulong ReadPointer(ulong address) => Read<ulong>(address);

    /// <summary>
    /// Reads a NUL-terminated string of at most <paramref name="max"/> bytes (Latin-1, as the kernel's
    /// bytes are). Returns null when the first byte cannot be read; a string cut by a fault ends there.
    /// </summary>
    public string? TryReadCString(ulong address, int max = DefaultMaxString)
    {
        Span<byte> chunk = stackalloc byte[256];
        var sb = new StringBuilder();
        int total = 0;
        while (total < max)
        {
            int want = Math.Min(chunk.Length, max - total);
            // read up to the end of the page so a string near a page edge does not fault needlessly
            ulong addr = address + (ulong)total;
            int toPage = (int)(0x1000 - (addr & 0xfff));
            want = Math.Min(want, toPage);
            int n = Space.Read(addr, chunk[..want]);
            if (n == 0)
                return total == 0 ? null : sb.ToString();
            int nul = chunk[..n].IndexOf((byte)0);
            if (nul >= 0)
            {
                sb.Append(Encoding.Latin1.GetString(chunk[..nul]));
                return sb.ToString();
            }
            sb.Append(Encoding.Latin1.GetString(chunk[..n]));
            total += n;
            if (n < want)
                break;
        }
        return sb.ToString();
    }

    /// <summary>Reads a NUL-terminated string or throws when its first byte cannot be read.</summary>
    public string ReadCString(ulong address, int max = DefaultMaxString) =>
        TryReadCString(address, max) ?? throw Fault(address);

    /// <summary>The fault explaining why <paramref name="address"/> cannot be read.</summary>
    public MemoryFaultException Fault(ulong address) =>
        Space.Explain(address) ?? new MemoryFaultException(address, MemoryFaultKind.NotInDump, "", IsPhysical);
}
