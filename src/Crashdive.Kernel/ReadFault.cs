namespace Crashdive.Kernel;

/// <summary>
/// Where and why a <see cref="KernelProgram.ReadMemory"/> stopped: the address of the piece that could
/// not be read (crash reports the start of the failing page chunk), in which address space.
/// </summary>
public readonly record struct ReadFault(ReadFaultKind Kind, ulong Address, MemoryType Type)
{
    /// <summary>
    /// crash's one-line message for this fault while reading <paramref name="what"/> (crash's "type"
    /// string, e.g. <c>64-bit KVADDR</c>), without the command prefix:
    /// <c>invalid kernel virtual address: ffff...  type: "64-bit KVADDR"</c>.
    /// </summary>
    public string Describe(string what) => Kind switch
    {
        ReadFaultKind.InvalidAddress when Type == MemoryType.UserVirtual => $"invalid user virtual address: {Address:x}  type: \"{what}\"",
        ReadFaultKind.InvalidAddress => $"invalid kernel virtual address: {Address:x}  type: \"{what}\"",
        ReadFaultKind.SeekError => $"seek error: {SpaceName(Type)} address: {Address:x}  type: \"{what}\"",
        ReadFaultKind.PageExcluded => $"page excluded: {SpaceName(Type)} address: {Address:x}  type: \"{what}\"",
        ReadFaultKind.UserSpaceUnsupported =>
            $"user virtual address {Address:x}: no current task with an address space (set one with set PID)  type: \"{what}\"",
        _ => $"read error: {SpaceName(Type)} address: {Address:x}  type: \"{what}\"",
    };

    /// <summary>crash's name for an address space in messages (<c>memtype_string</c>).</summary>
    public static string SpaceName(MemoryType type) => type switch
    {
        MemoryType.KernelVirtual => "kernel virtual",
        MemoryType.UserVirtual => "user virtual",
        MemoryType.Physical => "physical",
        _ => "dumpfile",
    };
}
