using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// The kernel stacks a task can be running on: its own stack (<c>task-&gt;stack</c>, THREAD_SIZE), and
/// for the CPU it runs on the hard-IRQ stack (per-cpu <c>pcpu_hot.hardirq_stack_ptr</c> since 6.2,
/// <c>hardirq_stack_ptr</c> before; it points 8 bytes below the top) and the exception stacks in the
/// cpu_entry_area (per-cpu <c>cea_exception_stacks</c>: DF, NMI, DB, MCE, VC).
/// </summary>
public static class KernelStacks
{
    /// <summary>THREAD_SIZE: the size of <c>union thread_union</c>, else 16 KiB (x86-64 without KASAN).</summary>
    public static ulong ThreadSize(KernelProgram kernel) =>
        kernel.FindType("union thread_union") is CType t && t.Size is ulong s && s >= 0x2000 && s <= 0x40000 ? s : 0x4000;

    /// <summary>The task's own stack.</summary>
    public static StackRegion Process(KernelProgram kernel, KObject task)
    {
        ulong start = task.Member("stack").ToUInt64();
        return new StackRegion(start, start + ThreadSize(kernel), "process");
    }

    /// <summary>The hard-IRQ stack of <paramref name="cpu"/>, or null when the kernel has none we know.</summary>
    public static StackRegion? Irq(KernelProgram kernel, int cpu)
    {
        try
        {
            KObject? ptr = null;
            if (kernel.FindVariable("pcpu_hot") is KObject hot && hot.HasMember("hardirq_stack_ptr"))
                ptr = hot.PerCpu(cpu).Member("hardirq_stack_ptr");
            else if (kernel.FindVariable("hardirq_stack_ptr") is KObject old)
                ptr = old.PerCpu(cpu);
            if (ptr is not KObject p)
                return null;
            ulong v = p.ToUInt64();
            if (v == 0)
                return null;
            ulong top = (v + 8 + 0xfff) & ~0xfffUL;
            ulong size = kernel.FindType("struct irq_stack") is CType t && t.Size is ulong s && s > 0 && s <= 0x10000 ? s : 0x4000;
            return new StackRegion(top - size, top, "IRQ");
        }
        catch (Exception e) when (e is KernelObjectException or MemoryFaultException)
        {
            return null;
        }
    }

    /// <summary>The exception stacks of <paramref name="cpu"/> (crash's names: DOUBLEFAULT, NMI, DEBUG, MCE, VC, VC2).</summary>
    public static IReadOnlyList<StackRegion> Exception(KernelProgram kernel, int cpu)
    {
        var list = new List<StackRegion>();
        try
        {
            if (kernel.FindVariable("cea_exception_stacks") is not KObject cea)
                return list;
            ulong baseAddress = cea.PerCpu(cpu).ToUInt64();
            if (baseAddress == 0 || kernel.FindType("struct cea_exception_stacks")?.Underlying() is not StructType st)
                return list;
            foreach (var (member, name) in Names)
            {
                if (st.FindMember(member) is MemberLookup m && m.Member.Type.Size is ulong size && size > 0)
                    list.Add(new StackRegion(baseAddress + m.BitOffset / 8, baseAddress + m.BitOffset / 8 + size, name));
            }
        }
        catch (Exception e) when (e is KernelObjectException or MemoryFaultException)
        {
        }
        return list;
    }

    private static readonly (string Member, string Name)[] Names =
        [("DF_stack", "DOUBLEFAULT"), ("NMI_stack", "NMI"), ("DB_stack", "DEBUG"), ("MCE_stack", "MCE"), ("VC_stack", "VC"), ("VC2_stack", "VC2")];

    /// <summary>All stacks a task on <paramref name="cpu"/> may use (the process stack first); cpu &lt; 0: the process stack only.</summary>
    public static IReadOnlyList<StackRegion> All(KernelProgram kernel, KObject task, int cpu)
    {
        var list = new List<StackRegion> { Process(kernel, task) };
        if (cpu >= 0)
        {
            if (Irq(kernel, cpu) is StackRegion irq)
                list.Add(irq);
            list.AddRange(Exception(kernel, cpu));
        }
        return list;
    }
}
