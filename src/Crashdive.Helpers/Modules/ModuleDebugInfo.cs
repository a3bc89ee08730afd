using Crashdive.Kernel;
using Crashdive.Symbols;

namespace Crashdive.Helpers.Modules;

/// <summary>
/// Module debuginfo (<c>mod -s</c>): a .ko opened with each section placed where the module loaded it
/// (from <c>sect_attrs</c>), so its DWARF variables, functions and types resolve at run-time addresses
/// through <see cref="KernelProgram.FindVariable"/> and <see cref="KernelProgram.FindType"/>.
/// </summary>
public static class ModuleDebugInfo
{
    /// <summary>
    /// Opens <paramref name="path"/> as the object file of <paramref name="module"/> and registers it with the
    /// kernel (replacing earlier debuginfo of that module). Throws <see cref="ModuleException"/> when the file
    /// is not ELF, not relocatable, or malformed (the reason names the file and offset).
    /// </summary>
    public static DebugFile Load(KernelProgram kernel, LoadedModule module, string path)
    {
        if (!File.Exists(path))
            throw new ModuleException($"{path}: no such file");
        if (!ModuleFiles.IsElf(path))
            throw new ModuleException($"{path}: not an ELF format object file");
        IReadOnlyDictionary<string, ulong> sections = Modules.SectionAddresses(module);
        SymbolFile file;
        try
        {
            file = SymbolFile.Open(path, new SymbolFileOptions { SectionLoadAddresses = sections });
        }
        catch (DebugInfoFormatException e)
        {
            throw new ModuleException(e.Message);
        }
        if (!file.Elf.IsRelocatable)
        {
            file.Dispose();
            throw new ModuleException($"{path}: not a relocatable module object file");
        }
        var debug = new DebugFile(module.Name, path, file);
        kernel.AddModuleDebugFile(debug);
        return debug;
    }

    /// <summary>The debuginfo loaded for <paramref name="module"/>, or null.</summary>
    public static DebugFile? Loaded(KernelProgram kernel, string module)
    {
        foreach (DebugFile d in kernel.ModuleDebugFiles)
        {
            if (d.Name == module)
                return d;
        }
        return null;
    }

    /// <summary>Drops every module's debuginfo.</summary>
    public static void UnloadAll(KernelProgram kernel)
    {
        var names = new List<string>();
        foreach (DebugFile d in kernel.ModuleDebugFiles)
            names.Add(d.Name);
        foreach (string n in names)
            kernel.RemoveModuleDebugFile(n);
    }
}
