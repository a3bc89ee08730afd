using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Mm;

/// <summary>One named counter of a vm_stat table.</summary>
public readonly record struct VmStatItem(string Name, long Value);

/// <summary>
/// The kernel's memory counters: <c>vm_zone_stat</c>, <c>vm_node_stat</c> and <c>vm_numa_stat</c> (split
/// out of one <c>vm_stat</c> in 4.8 and 4.14), per-zone <c>zone-&gt;vm_stat</c>, and the per-cpu
/// <c>vm_event_states</c>. Counter names come from the enums <c>zone_stat_item</c>, <c>node_stat_item</c>,
/// <c>numa_stat_item</c> and <c>vm_event_item</c> in the debuginfo; where two enumerators share a value
/// the later one names the slot, as crash names it.
/// </summary>
public static class VmStat
{
    /// <summary>The global zone counters (<c>vm_zone_stat</c>, or <c>vm_stat</c> before 4.8).</summary>
    public static IReadOnlyList<VmStatItem> Zone(KernelProgram kernel)
    {
        string table = kernel.SymbolAddress("vm_zone_stat") is not null ? "vm_zone_stat" : "vm_stat";
        return Read(kernel, kernel.SymbolAddress(table) ?? throw new MmException($"{table}: symbol not found"), Names(kernel, "zone_stat_item", "NR_VM_ZONE_STAT_ITEMS"));
    }

    /// <summary>The global node counters (<c>vm_node_stat</c>), empty before 4.8.</summary>
    public static IReadOnlyList<VmStatItem> Node(KernelProgram kernel) =>
        kernel.SymbolAddress("vm_node_stat") is ulong a ? Read(kernel, a, Names(kernel, "node_stat_item", "NR_VM_NODE_STAT_ITEMS")) : [];

    /// <summary>The global NUMA counters (<c>vm_numa_stat</c>), empty without CONFIG_NUMA.</summary>
    public static IReadOnlyList<VmStatItem> Numa(KernelProgram kernel) =>
        kernel.SymbolAddress("vm_numa_stat") is ulong a && kernel.FindType("enum numa_stat_item") is not null
            ? Read(kernel, a, Names(kernel, "numa_stat_item", "NR_VM_NUMA_STAT_ITEMS")) : [];

    /// <summary>The zone counters of one zone (<c>zone-&gt;vm_stat</c>; <paramref name="zone"/> is a <c>struct zone</c>).</summary>
    public static IReadOnlyList<VmStatItem> OfZone(KObject zone) =>
        Read(zone.Kernel, zone.Member("vm_stat").Address, Names(zone.Kernel, "zone_stat_item", "NR_VM_ZONE_STAT_ITEMS"));

    /// <summary>A zone counter of one zone by name, or null when the kernel has no such counter.</summary>
    public static long? OfZone(KObject zone, string name)
    {
        var names = Names(zone.Kernel, "zone_stat_item", "NR_VM_ZONE_STAT_ITEMS");
        int i = Array.IndexOf(names, name);
        return i < 0 ? null : zone.Kernel.Memory.Read<long>(zone.Member("vm_stat").Address + (ulong)i * 8);
    }

    /// <summary>A global counter (zone, node or numa) by name, or null when the kernel has none of that name.</summary>
    public static long? Global(KernelProgram kernel, string name)
    {
        foreach (var list in new[] { Zone(kernel), Node(kernel), Numa(kernel) })
        {
            foreach (var item in list)
            {
                if (item.Name == name)
                    return item.Value;
            }
        }
        return null;
    }

    /// <summary>
    /// <c>vm_event_states</c> summed over the CPUs <paramref name="cpus"/> (per-cpu <c>struct vm_event_state</c>),
    /// or empty when the kernel has no event counters.
    /// </summary>
    public static IReadOnlyList<VmStatItem> Events(KernelProgram kernel, int cpus)
    {
        if (kernel.SymbolAddress("vm_event_states") is not ulong sym || kernel.FindType("enum vm_event_item") is null)
            return [];
        string[] names = Names(kernel, "vm_event_item", "NR_VM_EVENT_ITEMS");
        var sums = new ulong[names.Length];
        var buffer = new byte[names.Length * 8];
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            kernel.Memory.Read(unchecked(sym + kernel.PerCpuOffset(cpu)), buffer);
            for (int i = 0; i < names.Length; i++)
                sums[i] = unchecked(sums[i] + BitConverter.ToUInt64(buffer, i * 8));
        }
        var items = new VmStatItem[names.Length];
        for (int i = 0; i < names.Length; i++)
            items[i] = new VmStatItem(names[i], (long)sums[i]);
        return items;
    }

    private static VmStatItem[] Read(KernelProgram kernel, ulong address, string[] names)
    {
        var buffer = new byte[names.Length * 8];
        kernel.Memory.Read(address, buffer);
        var items = new VmStatItem[names.Length];
        for (int i = 0; i < names.Length; i++)
            items[i] = new VmStatItem(names[i], BitConverter.ToInt64(buffer, i * 8));
        return items;
    }

    /// <summary>The slot names of enum <paramref name="enumName"/>, up to its terminator <paramref name="count"/>.</summary>
    public static string[] Names(KernelProgram kernel, string enumName, string count) =>
        kernel.Cached(k => new NameTables(k)).Get(enumName, count);

    private sealed class NameTables(KernelProgram kernel)
    {
        private readonly Dictionary<string, string[]> _tables = [];

        public string[] Get(string enumName, string count)
        {
            lock (_tables)
            {
                if (_tables.TryGetValue(enumName, out var names))
                    return names;
                if (kernel.FindType($"enum {enumName}")?.Underlying() is not EnumType e)
                    throw new MmException($"enum {enumName} not found in the debuginfo");
                long n = -1;
                foreach (var en in e.Enumerators)
                {
                    if (en.Name == count)
                        n = en.Value;
                }
                if (n < 0 || n > 4096)
                    throw new MmException($"enum {enumName} has no sane {count}");
                names = new string[n];
                foreach (var en in e.Enumerators)
                {
                    if (en.Value >= 0 && en.Value < n)
                        names[en.Value] = en.Name;
                }
                for (int i = 0; i < names.Length; i++)
                    names[i] ??= $"({i})";
                _tables[enumName] = names;
                return names;
            }
        }
    }
}
