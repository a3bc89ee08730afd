using Crashdive.Arch.X86_64;
using Crashdive.Symbols;
using Crashdive.Symbols.Elf;
using Crashdive.Symbols.Types;

namespace Crashdive.Kernel;

public sealed partial class KernelProgram
{
    private readonly List<DebugFile> _modules = new();

    /// <summary>The vmlinux with its symbols and DWARF, or null when the program was opened without one.</summary>
    public SymbolFile? Vmlinux { get; }

    /// <summary>The vmlinux, or a <see cref="KernelObjectException"/> saying that types need it.</summary>
    public SymbolFile RequireVmlinux() =>
        Vmlinux ?? throw new KernelObjectException("no vmlinux debuginfo: types and variables are unavailable");

    /// <summary>Module debuginfo loaded so far (<c>mod -s</c>), in load order.</summary>
    public IReadOnlyList<DebugFile> ModuleDebugFiles => _modules;

    /// <summary>Adds module debuginfo whose addresses are already relocated to where the module was loaded.</summary>
    public void AddModuleDebugFile(DebugFile file)
    {
        RemoveModuleDebugFile(file.Name);
        _modules.Add(file);
    }

    /// <summary>Drops the debuginfo of module <paramref name="name"/>; false when none was loaded.</summary>
    public bool RemoveModuleDebugFile(string name)
    {
        for (int i = 0; i < _modules.Count; i++)
        {
            if (_modules[i].Name == name)
            {
                _modules[i].Symbols.Dispose();
                _modules.RemoveAt(i);
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A vmlinux link-time address moved to where this kernel runs: image addresses shift by the
    /// KASLR offset; per-cpu offsets (below the kernel map) stay as they are.
    /// </summary>
    public ulong RelocateVmlinux(ulong linkAddress) =>
        linkAddress >= X86_64KernelLayout.StartKernelMap ? unchecked(linkAddress + KaslrOffset) : linkAddress;

    /// <summary>The type named <paramref name="name"/> (vmlinux first, then loaded modules), or null.</summary>
    public CType? FindType(string name)
    {
        if (Vmlinux?.FindType(name) is CType t && !IsIncomplete(t))
            return t;
        foreach (DebugFile m in _modules)
        {
            if (m.Symbols.FindType(name) is CType mt && !IsIncomplete(mt))
                return mt;
        }
        return Vmlinux?.FindType(name);
    }

    /// <summary>The type named <paramref name="name"/>; a <see cref="KernelObjectException"/> when unknown.</summary>
    public CType Type(string name) =>
        FindType(name) ?? throw new KernelObjectException($"no such type: {name}");

    /// <summary>
    /// The global variable <paramref name="name"/> as an object at its run-time address (per-cpu
    /// variables at their per-cpu offset, see <see cref="KObject.PerCpu"/>), or null when neither
    /// the vmlinux nor a loaded module's DWARF knows it.
    /// </summary>
    public KObject? FindVariable(string name)
    {
        if (Vmlinux?.FindVariable(name) is Variable v && v.Address is ulong link)
            return KObject.Reference(this, v.Type, RelocateVmlinux(link), v.IsPerCpu);
        foreach (DebugFile m in _modules)
        {
            if (m.Symbols.FindVariable(name) is Variable mv && mv.Address is ulong a)
                return KObject.Reference(this, mv.Type, a, mv.IsPerCpu);
        }
        return null;
    }

    /// <summary>The global variable <paramref name="name"/>; a <see cref="KernelObjectException"/> when unknown.</summary>
    public KObject Variable(string name) =>
        FindVariable(name) ?? throw new KernelObjectException($"no symbol \"{name}\" in current context");

    /// <summary>The function <paramref name="name"/> with its run-time entry address, or null.</summary>
    public (Function Function, ulong? Address)? FindFunction(string name)
    {
        if (Vmlinux?.FindFunction(name) is Function f)
            return (f, f.Address is ulong a ? RelocateVmlinux(a) : null);
        foreach (DebugFile m in _modules)
        {
            if (m.Symbols.FindFunction(name) is Function mf)
                return (mf, mf.Address);
        }
        return null;
    }

    /// <summary>
    /// The name and offset for <paramref name="address"/>: a loaded module's own kallsyms when the address
    /// is in module memory, else kallsyms from memory,
    /// else the vmlinux symbol table; null when nothing covers it.
    /// </summary>
    public (string Name, ulong Offset)? ResolveAddress(ulong address)
    {
        if (ResolveModuleAddress(address) is var (modName, modOffset))
            return (modName, modOffset);
        try
        {
            if (Kallsyms.Resolve(address) is var (name, _, offset))
                return (name, offset);
        }
        catch (Exception e) when (e is KallsymsException or Dumps.MemoryFaultException or KernelLayoutException)
        {
        }
        if (Vmlinux != null && Vmlinux.TryLookupAddress(unchecked(address - KaslrOffset), out SymbolOffset so))
            return (so.Symbol.Name, so.Offset);
        return null;
    }

    private ulong? VmlinuxSymbolAddress(string name)
    {
        if (Vmlinux == null || !Vmlinux.Symbols.TryFind(name, out ElfSymbol sym) || sym.SectionIndex == 0)
            return null;
        return RelocateVmlinux(sym.Address);
    }

    private static bool IsIncomplete(CType t) => t.Underlying() is StructType { IsComplete: false } or EnumType { IsComplete: false };

    private void DisposeDebugFiles()
    {
        foreach (DebugFile m in _modules)
            m.Symbols.Dispose();
        _modules.Clear();
        Vmlinux?.Dispose();
    }
}
