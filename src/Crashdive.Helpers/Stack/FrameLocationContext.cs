using Crashdive.Kernel;
using Crashdive.Symbols.Dwarf.Locations;

namespace Crashdive.Helpers.Stack;

/// <summary>What a DWARF location expression sees of one frame: its known registers, its CFA, the dump's memory.</summary>
internal sealed class FrameLocationContext(KernelProgram kernel, FrameRegisters registers, ulong bias) : ILocationContext
{
    public bool TryGetRegister(int register, out ulong value) => registers.TryGet(register, out value);

    public bool TryGetCfa(out ulong cfa)
    {
        cfa = registers.Cfa ?? 0;
        return registers.Cfa != null;
    }

    public bool TryReadMemory(ulong address, Span<byte> buffer) => kernel.Memory.TryRead(address, buffer);

    public ulong AddressBias => bias;
}
