using Crashdive.Helpers.Lists;
using Crashdive.Kernel;
using Crashdive.Symbols;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Net;

/// <summary>
/// Loads a module's debuginfo for the net helpers that need a module's types (nfnetlink_queue): finds
/// the module on the kernel's <c>modules</c> list, reads where each of its sections was loaded
/// (<c>mod-&gt;sect_attrs</c>), opens the .ko with those addresses and registers it with
/// <see cref="KernelProgram.AddModuleDebugFile"/>. A stop-gap until <c>mod -s</c> (modules branch)
/// owns this; once that lands this class should call it instead.
/// </summary>
public static class ModuleDebugLoader
{
    /// <summary>Most modules walked.</summary>
    public const int MaxModules = 100_000;

    /// <summary>Environment variable with extra directories (colon-separated) searched for .ko files.</summary>
    public const string SearchPathVariable = "CRASHDIVE_MODULE_PATH";

    /// <summary>
    /// The module's debuginfo, loading it when it is not loaded yet; a <see cref="NetException"/> saying
    /// what was missing (module not loaded in the dump, no .ko found) otherwise.
    /// </summary>
    public static DebugFile Ensure(KernelProgram kernel, string name)
    {
        foreach (DebugFile f in kernel.ModuleDebugFiles)
        {
            if (f.Name == name)
                return f;
        }
        KObject module = FindModule(kernel, name) ?? throw new NetException($"module {name} is not loaded in this kernel");
        string path = Locate(kernel, name)
            ?? throw new NetException($"no debuginfo for module {name}: {name}.ko not found beside the vmlinux, in its modules/ directory, in ${SearchPathVariable} or under /lib/modules and /usr/lib/debug/lib/modules");
        var file = SymbolFile.Open(path, new SymbolFileOptions { SectionLoadAddresses = SectionAddresses(module) });
        var debug = new DebugFile(name, path, file);
        kernel.AddModuleDebugFile(debug);
        return debug;
    }

    /// <summary>The <c>struct module</c> named <paramref name="name"/> on the <c>modules</c> list, or null.</summary>
    public static KObject? FindModule(KernelProgram kernel, string name)
    {
        KObject head = kernel.Variable("modules");
        foreach (KObject m in KernelList.Entries(kernel, head.Address, kernel.Type("struct module"), "list", maxNodes: MaxModules))
        {
            if (m.Member("name").ReadString(64) == name)
                return m;
        }
        return null;
    }

    /// <summary>
    /// Section name to load address from <c>mod-&gt;sect_attrs</c>: <c>attrs[i].battr.attr.name</c> (5.8+, a
    /// bin_attribute) or <c>attrs[i].name</c> (before), and <c>attrs[i].address</c>; <c>nsections</c> bounded.
    /// </summary>
    public static IReadOnlyDictionary<string, ulong> SectionAddresses(KObject module)
    {
        var result = new Dictionary<string, ulong>(StringComparer.Ordinal);
        KObject attrsPtr = module.Member("sect_attrs");
        if (attrsPtr.ToUInt64() == 0)
            throw new NetException($"module at 0x{module.Address:x} has no sect_attrs (CONFIG_KALLSYMS or sysfs off?)");
        KObject attrs = attrsPtr.Deref();
        uint n = (uint)Math.Min(attrs.Member("nsections").ToUInt64(), 4096);
        KObject array = attrs.Member("attrs");
        var element = ((ArrayType)array.UnderlyingType).ElementType;
        ulong size = element.Size ?? throw new NetException("struct module_sect_attr has no size");
        for (uint i = 0; i < n; i++)
        {
            KObject a = KObject.Reference(module.Kernel, element, array.Address + i * size);
            KObject namePtr = a.HasMember("battr") ? a.Member("battr.attr.name") : a.Member("name");
            string? sect = module.Kernel.Memory.TryReadCString(namePtr.ToUInt64(), 128);
            if (!string.IsNullOrEmpty(sect))
                result[sect] = a.Member("address").ToUInt64();
        }
        return result;
    }

    /// <summary>
    /// Where <paramref name="name"/>.ko is: beside the vmlinux, in its <c>modules/</c> directory, in
    /// <see cref="SearchPathVariable"/>, then under /usr/lib/debug/lib/modules/RELEASE and /lib/modules/RELEASE
    /// (searched recursively); dashes and underscores are interchangeable as in module names.
    /// </summary>
    public static string? Locate(KernelProgram kernel, string name)
    {
        var names = new[] { name + ".ko", name.Replace('_', '-') + ".ko" };
        var flat = new List<string>();
        if (kernel.Vmlinux?.Path is string vmlinux && Path.GetDirectoryName(Path.GetFullPath(vmlinux)) is string dir)
        {
            flat.Add(dir);
            flat.Add(Path.Combine(dir, "modules"));
        }
        if (Environment.GetEnvironmentVariable(SearchPathVariable) is { Length: > 0 } extra)
            flat.AddRange(extra.Split(':', StringSplitOptions.RemoveEmptyEntries));
        foreach (string d in flat)
        {
            foreach (string n in names)
            {
                string p = Path.Combine(d, n);
                if (File.Exists(p))
                    return p;
            }
        }
        string? release = null;
        try
        {
            release = kernel.Variable("init_uts_ns").Member("name.release").ReadString(65);
        }
        catch (Exception e) when (e is KernelObjectException or Dumps.MemoryFaultException)
        {
        }
        if (release == null)
            return null;
        foreach (string root in new[] { $"/usr/lib/debug/lib/modules/{release}", $"/lib/modules/{release}" })
        {
            if (!Directory.Exists(root))
                continue;
            foreach (string n in names)
            {
                string? hit = Directory.EnumerateFiles(root, n, SearchOption.AllDirectories).FirstOrDefault();
                if (hit != null)
                    return hit;
            }
        }
        return null;
    }
}
