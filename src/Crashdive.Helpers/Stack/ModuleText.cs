using Crashdive.Dumps;
using Crashdive.Helpers.Lists;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Stack;

/// <summary>
/// Where each loaded module's code lies (6.4+: <c>mem[MOD_TEXT]</c>; before: the text part of <c>core_layout</c>) with its
/// ORC table, for naming <c>[module]</c> in a backtrace and unwinding through module code. Cached on the kernel.
/// </summary>
public sealed class ModuleText
{
    private readonly List<(string Name, ulong Start, ulong End, KObject Module)> _modules;
    private readonly Dictionary<string, OrcTable?> _orc = new(StringComparer.Ordinal);

    private ModuleText(List<(string, ulong, ulong, KObject)> modules) => _modules = modules;

    /// <summary>The kernel's modules (read once).</summary>
    public static ModuleText Of(KernelProgram kernel) => kernel.Cached(Load);

    private static ModuleText Load(KernelProgram kernel)
    {
        var list = new List<(string, ulong, ulong, KObject)>();
        try
        {
            if (kernel.FindVariable("modules") is not KObject head)
                return new ModuleText(list);
            var type = kernel.Type("struct module");
            foreach (KObject m in KernelList.Entries(kernel, head.Address, type, "list", maxNodes: 10000))
            {
                string name = m.Member("name").ReadString(56);
                ulong start, size;
                if (m.HasMember("core_layout"))
                {
                    // before 6.4 the core layout holds text, then read-only data and data: text_size ends the code
                    start = m.Member("core_layout.base").ToUInt64();
                    size = m.Member("core_layout.size").ToUInt64();
                    KObject layout = m.Member("core_layout");
                    if (layout.HasMember("text_size") && layout.Member("text_size").ToUInt64() is ulong text && text > 0 && text <= size)
                        size = text;
                }
                else
                {
                    KObject text = m.Member("mem").Index(0); // MOD_TEXT
                    start = text.Member("base").ToUInt64();
                    size = text.Member("size").ToUInt64();
                }
                if (start != 0 && size > 0 && size < 1UL << 32)
                    list.Add((name, start, start + size, m));
            }
        }
        catch (Exception e) when (e is KernelObjectException or MemoryFaultException or ListWalkException)
        {
        }
        return new ModuleText(list);
    }

    /// <summary>The name of the module whose code holds <paramref name="address"/>, or null.</summary>
    public string? ModuleOf(ulong address)
    {
        foreach (var m in _modules)
        {
            if (address >= m.Start && address < m.End)
                return m.Name;
        }
        return null;
    }

    /// <summary>The ORC table of the module holding <paramref name="address"/>, or null.</summary>
    public OrcTable? OrcFor(KernelProgram kernel, ulong address)
    {
        foreach (var m in _modules)
        {
            if (address < m.Start || address >= m.End)
                continue;
            lock (_orc)
            {
                if (!_orc.TryGetValue(m.Name, out OrcTable? t))
                    _orc[m.Name] = t = OrcTable.ForModule(kernel, m.Module);
                return t;
            }
        }
        return null;
    }
}
