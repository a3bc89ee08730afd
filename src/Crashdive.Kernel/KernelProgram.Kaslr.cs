using System.Buffers.Binary;
using Crashdive.Dumps.Notes;
using Crashdive.Symbols.Elf;

namespace Crashdive.Kernel;

public sealed partial class KernelProgram
{
    /// <summary>KASLR places the kernel at a multiple of this (CONFIG_PHYSICAL_ALIGN).</summary>
    private const ulong KaslrAlign = 0x20_0000;

    /// <summary>KASLR moves the kernel by less than this (the 1 GiB kernel image area).</summary>
    private const ulong KaslrMax = 0x4000_0000;

    private ulong? _kaslrOffset;

    /// <summary>
    /// The KASLR displacement of the kernel image: VMCOREINFO's <c>KERNELOFFSET</c>; for a dump
    /// without it, the distance between where a CPU's IDT says the divide-error handler is and where
    /// the vmlinux links it (crash's IDT method); 0 when nothing tells.
    /// </summary>
    public ulong KaslrOffset => _kaslrOffset ??= ComputeKaslrOffset();

    /// <summary>Where <see cref="KaslrOffset"/> came from, for <c>help -k</c>-style reports.</summary>
    public string KaslrSource { get; private set; } = "none";

    private ulong ComputeKaslrOffset()
    {
        if (VmcoreInfo?.KernelOffset is ulong fromInfo)
        {
            KaslrSource = "VMCOREINFO KERNELOFFSET";
            return fromInfo;
        }
        if (Vmlinux != null && IdtKaslrOffset() is (ulong idt, int cpu))
        {
            KaslrSource = $"IDT of CPU {cpu}";
            return idt;
        }
        return 0;
    }

    private (ulong Offset, int Cpu)? IdtKaslrOffset()
    {
        ulong linked = 0;
        foreach (string name in new[] { "asm_exc_divide_error", "divide_error" })
        {
            if (Vmlinux!.Symbols.TryFind(name, out ElfSymbol s))
            {
                linked = s.Address;
                break;
            }
        }
        if (linked == 0)
            return null;
        Span<byte> gate = stackalloc byte[16];
        foreach (CpuRegisters cpu in Dump.Notes.QemuCpus)
        {
            if (cpu.Get("idt_base") is not ulong idt || idt == 0)
                continue;
            try
            {
                if (Layout.Kernel.Read(idt, gate) != gate.Length)
                    continue;
            }
            catch (KernelLayoutException)
            {
                return null;
            }
            // An x86-64 interrupt gate: offset 15..0 at bytes 0-1, 31..16 at 6-7, 63..32 at 8-11.
            ulong handler = BinaryPrimitives.ReadUInt16LittleEndian(gate)
                | (ulong)BinaryPrimitives.ReadUInt16LittleEndian(gate[6..]) << 16
                | (ulong)BinaryPrimitives.ReadUInt32LittleEndian(gate[8..]) << 32;
            ulong offset = unchecked(handler - linked);
            if (handler >= linked && offset < KaslrMax && offset % KaslrAlign == 0)
                return (offset, cpu.Index);
        }
        return null;
    }
}
