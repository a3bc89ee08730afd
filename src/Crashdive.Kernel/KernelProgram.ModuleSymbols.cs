namespace Crashdive.Kernel;

public sealed partial class KernelProgram
{
    private ModuleKallsyms? _moduleSymbols;

    /// <summary>
    /// The symbols of the loaded modules from their in-memory kallsyms (empty without a vmlinux, whose
    /// <c>struct module</c> layout the walk needs). Read once, on first use.
    /// </summary>
    public ModuleKallsyms ModuleSymbols
    {
        get
        {
            if (_moduleSymbols != null)
                return _moduleSymbols;
            // Symbol lookups made while reading see no module symbols (SymbolAddress falls back to them).
            _moduleSymbols = ModuleKallsyms.Empty;
            ModuleKallsyms m;
            try
            {
                m = ModuleKallsyms.Read(this);
            }
            catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException or KernelLayoutException)
            {
                m = ModuleKallsyms.Empty;
            }
            return _moduleSymbols = m;
        }
    }

    private (string Name, ulong Offset)? ResolveModuleAddress(ulong address) =>
        ModuleSymbols.Resolve(address) is var (sym, offset) ? (sym.Name, offset) : null;
}
