using Crashdive.Helpers.Lists;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Modules;

/// <summary>
/// Loaded modules from kernel memory: the <c>modules</c> list, each module's memory, state, taints and
/// section load addresses. Fields are looked up by name where they are used, so 6.1's
/// <c>core_layout</c> and 6.4+'s <c>mem[]</c> both work.
/// </summary>
public static class Modules
{
    /// <summary>
    /// Number of core memory types in <c>enum mod_mem_type</c> (MOD_TEXT, MOD_DATA, MOD_RODATA,
    /// MOD_RO_AFTER_INIT); the init types follow them.
    /// </summary>
    private const int CoreMemTypes = 4;

    /// <summary>The modules on the <c>modules</c> list, in list order (the newest first).</summary>
    public static IReadOnlyList<LoadedModule> List(KernelProgram kernel)
    {
        CType type = kernel.Type("struct module");
        ulong head = kernel.SymbolAddress("modules") ?? throw new ModuleException("modules: symbol not found");
        var result = new List<LoadedModule>();
        foreach (KObject mod in KernelList.Entries(kernel, head, type, "list", maxNodes: ModuleKallsyms.MaxModules))
            result.Add(Describe(mod));
        return result;
    }

    /// <summary>The modules ordered by base address, as crash lists them.</summary>
    public static IReadOnlyList<LoadedModule> ByBase(KernelProgram kernel)
    {
        var list = new List<LoadedModule>(List(kernel));
        list.Sort(static (a, b) => a.Base.CompareTo(b.Base));
        return list;
    }

    /// <summary>
    /// The module named <paramref name="name"/>, where '-' and '_' are the same (the kernel stores
    /// <c>dm_mod</c> for <c>dm-mod.ko</c>), or null.
    /// </summary>
    public static LoadedModule? Find(KernelProgram kernel, string name)
    {
        string wanted = NormalName(name);
        foreach (LoadedModule m in List(kernel))
        {
            if (NormalName(m.Name) == wanted)
                return m;
        }
        return null;
    }

    /// <summary>The module whose core memory holds <paramref name="address"/>, or whose <c>struct module</c> is at it, or null.</summary>
    public static LoadedModule? FindByAddress(KernelProgram kernel, ulong address)
    {
        foreach (LoadedModule m in List(kernel))
        {
            if (m.Contains(address) || m.Address == address)
                return m;
        }
        return null;
    }

    /// <summary>A module name with '-' spelled '_', as the kernel stores names.</summary>
    public static string NormalName(string name) => name.Replace('-', '_');

    /// <summary>Reads name, base and size of the module <paramref name="mod"/> (<c>struct module</c>).</summary>
    public static LoadedModule Describe(KObject mod)
    {
        string name = mod.Member("name").ReadString(64);
        ulong @base, size = 0;
        if (mod.HasMember("mem"))
        {
            // 6.4+: mem[MOD_TEXT].base; crash sums the core types for the size (init freed after load).
            KObject mem = mod.Member("mem");
            @base = mem.Index(0).Member("base").ToUInt64();
            for (int t = 0; t < CoreMemTypes; t++)
                size += mem.Index(t).Member("size").ToUInt64();
        }
        else
        {
            KObject core = mod.Member("core_layout");
            @base = core.Member("base").ToUInt64();
            size = core.Member("size").ToUInt64();
        }
        bool kallsyms = mod.HasMember("kallsyms") && mod.Member("kallsyms").ToUInt64() != 0
            && mod.Member("kallsyms").Deref().Member("num_symtab").ToUInt64() > 0;
        return new LoadedModule(mod, name, @base, size, kallsyms);
    }

    /// <summary><c>mod-&gt;taints</c>: the TAINT_* bits the module set.</summary>
    public static ulong Taints(LoadedModule module) =>
        module.Object.HasMember("taints") ? module.Object.Member("taints").ToUInt64() : 0;

    /// <summary><c>mod-&gt;state</c> (MODULE_STATE_LIVE 0, COMING 1, GOING 2, UNFORMED 3).</summary>
    public static long State(LoadedModule module) => module.Object.Member("state").ToInt64();

    /// <summary>
    /// The letters of the module's taints from the kernel's <c>taint_flags[]</c> table (those whose
    /// <c>module</c> flag is set), in bit order, as crash's <c>mod -t</c> prints them.
    /// </summary>
    public static string TaintLetters(KernelProgram kernel, LoadedModule module)
    {
        ulong taints = Taints(module);
        if (taints == 0)
            return "";
        KObject table = kernel.Variable("taint_flags");
        ulong count = table.UnderlyingType is ArrayType a && a.Length is ulong n ? Math.Min(n, 64) : 0;
        var letters = new System.Text.StringBuilder();
        for (ulong j = 0; j < count; j++)
        {
            KObject flag = table.Index((long)j);
            if (!flag.Member("module").ToBool() || (taints & (1UL << (int)j)) == 0)
                continue;
            KObject c = flag.HasMember("true") ? flag.Member("true") : flag.Member("c_true");
            letters.Append((char)c.ToUInt64());
        }
        return letters.ToString();
    }

    /// <summary>
    /// Where each section of the module was loaded, from <c>mod-&gt;sect_attrs-&gt;attrs[i]</c>
    /// (<c>battr.attr.name</c>, <c>address</c>): what /sys/module/NAME/sections shows. Empty when the
    /// module has no section attributes (CONFIG_SYSFS off).
    /// </summary>
    public static IReadOnlyDictionary<string, ulong> SectionAddresses(LoadedModule module)
    {
        var result = new Dictionary<string, ulong>(StringComparer.Ordinal);
        KObject mod = module.Object;
        if (!mod.HasMember("sect_attrs") || mod.Member("sect_attrs").ToUInt64() == 0)
            return result;
        KObject attrs = mod.Member("sect_attrs").Deref();
        ulong count = attrs.Member("nsections").ToUInt64();
        if (count > 4096)
            throw new ModuleException($"{module.Name}: sect_attrs->nsections {count} is absurd");
        KObject array = attrs.Member("attrs");
        for (ulong i = 0; i < count; i++)
        {
            KObject attr = array.Index((long)i);
            // battr.attr.name since 5.8 (bin_attribute); mattr.attr.name and name before
            KObject namePtr = attr.HasMember("battr") ? attr.Member("battr.attr.name")
                : attr.HasMember("name") ? attr.Member("name") : attr.Member("mattr.attr.name");
            string? name = mod.Kernel.Memory.TryReadCString(namePtr.ToUInt64(), 256);
            if (!string.IsNullOrEmpty(name))
                result[name] = attr.Member("address").ToUInt64();
        }
        return result;
    }
}
