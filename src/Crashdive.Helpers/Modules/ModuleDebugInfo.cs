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
        if (ObjectModuleName(kernel, file) is string objectName && Modules.NormalName(objectName) != Modules.NormalName(module.Name))
        {
            file.Dispose();
            throw new ModuleException($"{path}: object file of module {objectName}, not {module.Name}");
        }
        var debug = new DebugFile(module.Name, path, file);
        kernel.AddModuleDebugFile(debug);
        return debug;
    }

    /// <summary>
    /// The module name a .ko declares: <c>name</c> of the <c>struct module</c> in its
    /// <c>.gnu.linkonce.this_module</c> section, or null when the file has none.
    /// </summary>
    public static string? ObjectModuleName(KernelProgram kernel, SymbolFile file)
    {
        if (file.Elf.FindSection(".gnu.linkonce.this_module") is not { } section
            || kernel.FindType("struct module")?.Underlying() is not Symbols.Types.StructType t
            || t.FindMember("name") is not { } name)
            return null;
        ReadOnlySpan<byte> data = file.Elf.GetRawSection(section);
        if ((ulong)data.Length < name.Offset + 1)
            return null;
        ReadOnlySpan<byte> bytes = data[(int)name.Offset..];
        int end = bytes.IndexOf((byte)0);
        if (end <= 0 || end > 64)
            return null;
        return System.Text.Encoding.ASCII.GetString(bytes[..end]);
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
