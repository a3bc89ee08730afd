namespace Crashdive.Dumps;

/// <summary>
/// The one memory primitive every layer reads through.
/// </summary>
public interface IAddressSpace
{
    /// <summary>
    /// Copies bytes starting at <paramref name="address"/> into <paramref name="buffer"/>.
    /// Returns how many bytes were copied: fewer than asked means the byte at
    /// <c>address + result</c> could not be read (not in the dump, excluded, or corrupt);
    /// <see cref="Explain"/> says why.
    /// </summary>
    int Read(ulong address, Span<byte> buffer);

    /// <summary>Why the byte at <paramref name="address"/> cannot be read, or null if it can.</summary>
    MemoryFaultException? Explain(ulong address);
}
