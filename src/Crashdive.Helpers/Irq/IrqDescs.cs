using Crashdive.Helpers.Trees;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Irq;

/// <summary>
/// Interrupt descriptors (<c>struct irq_desc</c>): with CONFIG_SPARSE_IRQ they live in <c>irq_desc_tree</c>
/// (a radix tree, an xarray since 4.20) up to 6.4 and in the <c>sparse_irqs</c> maple tree since 6.5;
/// without it, in the <c>irq_desc[]</c> array. Their actions (<c>struct irqaction</c>, linked by <c>next</c>),
/// chip and per-cpu counts.
/// </summary>
public static class IrqDescs
{
    /// <summary>Most actions followed on one irq.</summary>
    public const int MaxActions = 256;

    /// <summary>The number of irqs (<c>nr_irqs</c>, or the length of <c>irq_desc[]</c>).</summary>
    public static int Count(KernelProgram kernel)
    {
        if (kernel.FindVariable("irq_desc") is KObject arr && arr.UnderlyingType is ArrayType a)
            return (int)Math.Min(a.Length ?? 0, 1 << 20);
        if (kernel.FindVariable("nr_irqs") is KObject n)
            return (int)Math.Clamp(n.ToInt64(), 0, 1 << 20);
        return 224;
    }

    /// <summary>The descriptor of <paramref name="irq"/> (a <c>struct irq_desc</c>), or null when none is allocated.</summary>
    public static KObject? Find(KernelProgram kernel, int irq)
    {
        CType desc = kernel.Type("struct irq_desc");
        ulong address = 0;
        if (kernel.FindVariable("irq_desc") is KObject arr && arr.UnderlyingType is ArrayType)
            address = arr.Index(irq).Address;
        else if (kernel.SymbolAddress("sparse_irqs") is ulong mt)
            address = TreeLookup.MtLoad(kernel, mt, (ulong)irq);
        else if (kernel.SymbolAddress("irq_desc_tree") is ulong tree)
            address = TreeLookup.XaLoad(kernel, tree, (ulong)irq);
        else
            throw new KernelObjectException("neither irq_desc, irq_desc_tree nor sparse_irqs exist");
        return address == 0 ? null : KObject.Reference(kernel, desc, address);
    }

    /// <summary>The actions of a descriptor (<c>struct irqaction</c>), following <c>next</c>.</summary>
    public static IEnumerable<KObject> Actions(KObject desc)
    {
        ulong action = desc.Member("action").ToUInt64();
        CType type = ((PointerType)desc.Member("action").UnderlyingType).Target;
        for (int i = 0; action != 0 && i < MaxActions; i++)
        {
            KObject a = KObject.Reference(desc.Kernel, type, action);
            yield return a;
            action = a.Member("next").ToUInt64();
        }
    }

    /// <summary>An action's name, or null when it has none readable.</summary>
    public static string? ActionName(KObject action)
    {
        ulong p = action.Member("name").ToUInt64();
        return p == 0 ? null : action.Kernel.Memory.TryReadCString(p, 256);
    }

    /// <summary>The descriptor's chip (<c>irq_data.chip</c>, a <c>struct irq_chip *</c> value).</summary>
    public static ulong Chip(KObject desc) => desc.Member("irq_data.chip").ToUInt64();

    /// <summary>Interrupts taken by <paramref name="desc"/> on <paramref name="cpu"/> (per-cpu <c>kstat_irqs</c>; a struct with <c>cnt</c> since 6.10).</summary>
    public static uint CountOn(KObject desc, int cpu)
    {
        KObject k = desc.Member("kstat_irqs");
        ulong p = k.ToUInt64();
        if (p == 0)
            return 0;
        ulong at = unchecked(p + desc.Kernel.PerCpuOffset(cpu));
        if (((PointerType)k.UnderlyingType).Target.Underlying() is StructType s && s.FindMember("cnt") is { } cnt)
            at += cnt.Offset;
        return desc.Kernel.Memory.Read<uint>(at);
    }

    /// <summary>
    /// The CPUs of the descriptor's affinity mask (<c>irq_common_data.affinity</c>, a pointer with
    /// CONFIG_CPUMASK_OFFSTACK, else an array), among the first <paramref name="cpus"/>.
    /// </summary>
    public static bool[] Affinity(KObject desc, int cpus)
    {
        KObject mask = desc.HasMember("irq_common_data") ? desc.Member("irq_common_data.affinity") : desc.Member("irq_data.affinity");
        ulong at = mask.IsPointer ? mask.ToUInt64() : mask.Address;
        var set = new bool[cpus];
        for (int c = 0; c < cpus; c += 64)
        {
            ulong word = desc.Kernel.Memory.Read<ulong>(at + (ulong)(c / 64) * 8);
            for (int b = 0; b < 64 && c + b < cpus; b++)
                set[c + b] = (word >> b & 1) != 0;
        }
        return set;
    }
}
