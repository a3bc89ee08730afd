using Crashdive.Helpers.Modules;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Net;

/// <summary>
/// Makes sure a module's debuginfo is loaded for the net helpers that need its types (nfnetlink_queue),
/// as <c>mod -s NAME</c> would: the module on the kernel's list, its .ko found along
/// <see cref="ModuleFiles.SearchPath"/>, opened at the module's section addresses by <see cref="ModuleDebugInfo.Load"/>.
/// </summary>
public static class ModuleDebugLoader
{
    /// <summary>
    /// The module's debuginfo, loading it when <c>mod -s</c> has not; a <see cref="NetException"/> saying what
    /// was missing (module not loaded in the dump, no object file found) otherwise.
    /// </summary>
    public static DebugFile Ensure(KernelProgram kernel, string name)
    {
        if (ModuleDebugInfo.Loaded(kernel, name) is DebugFile loaded)
            return loaded;
        LoadedModule module = Modules.Modules.Find(kernel, name) ?? throw new NetException($"module {name} is not loaded in this kernel");
        try
        {
            string path = ModuleFiles.Find(kernel, name)
                ?? throw new NetException($"no debuginfo for module {name}: {name}.ko not found in {string.Join(", ", ModuleFiles.SearchPath(kernel))} (load it with mod -s {name} FILE)");
            return ModuleDebugInfo.Load(kernel, module, path);
        }
        catch (ModuleException e)
        {
            throw new NetException(e.Message);
        }
    }
}
