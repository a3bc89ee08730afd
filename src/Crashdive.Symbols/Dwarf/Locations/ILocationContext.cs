namespace Crashdive.Symbols.Dwarf.Locations;

/// <summary>
/// What a DWARF location expression may ask of the frame it is evaluated in: register values (DWARF
/// numbering), the canonical frame address, memory, and the load bias of the file's addresses. Every
/// question may be answered "not known": the evaluator then reports the value as unavailable, never guesses.
/// </summary>
public interface ILocationContext
{
    /// <summary>The value of DWARF register <paramref name="register"/> in this frame; false when the unwinder does not know it.</summary>
    bool TryGetRegister(int register, out ulong value);

    /// <summary>The frame's canonical frame address (DW_OP_call_frame_cfa); false when unknown.</summary>
    bool TryGetCfa(out ulong cfa);

    /// <summary>Reads <paramref name="buffer"/>.Length bytes at <paramref name="address"/>; false when memory is not in the dump.</summary>
    bool TryReadMemory(ulong address, Span<byte> buffer);

    /// <summary>Added to DW_OP_addr and DW_OP_addrx operands (the KASLR slide of a vmlinux; 0 for relocated module files).</summary>
    ulong AddressBias { get; }
}
