using Crashdive.Arch.X86_64;
using Crashdive.Dumps;
using Crashdive.Memory;
using Crashdive.Symbols;

namespace Crashdive.Kernel;

/// <summary>
/// The dead kernel as a program: its dump, physical memory, the x86-64 layout (KASLR, page
/// tables) and kernel virtual memory. Symbols and types join here as their layer lands.
/// Everything is computed once, on first use, and kept on this object.
/// </summary>
public sealed partial class KernelProgram : IDisposable
{
    private readonly Lazy<VmcoreInfo?> _vmcoreInfo;
    private readonly Lazy<X86_64KernelLayout?> _layout;
    private string _layoutError = "";

    /// <summary>Wraps an opened dump (which the program then owns).</summary>
    public KernelProgram(DumpFile dump, SymbolFile? vmlinux = null)
    {
        Vmlinux = vmlinux;
        Dump = dump;
        Physical = new PhysicalMemory(dump);
        _vmcoreInfo = new(() => dump.VmcoreInfo is string t ? VmcoreInfo.Parse(t) : null);
        _layout = new(() => X86_64KernelLayout.FromDump(dump, Physical, out _layoutError));
    }

    /// <summary>The dump file.</summary>
    public DumpFile Dump { get; }

    /// <summary>Physical memory of the dump, page-cached.</summary>
    public PhysicalMemory Physical { get; }

    /// <summary>The decoded VMCOREINFO, or null when the dump carries none.</summary>
    public VmcoreInfo? VmcoreInfo => _vmcoreInfo.Value;

    /// <summary>The kernel's layout in memory; throws <see cref="KernelLayoutException"/> when it cannot be found.</summary>
    public X86_64KernelLayout Layout => _layout.Value ?? throw new KernelLayoutException(_layoutError);

    /// <summary>Typed reads of kernel virtual memory.</summary>
    public MemoryReader Memory => _memory ??= new MemoryReader(Layout.Kernel);
    private MemoryReader? _memory;

    /// <summary>The kernel's own symbol table from memory; throws <see cref="KallsymsException"/> when it cannot be decoded.</summary>
    public Kallsyms Kallsyms => _kallsyms ??= Kallsyms.Read(this);
    private Kallsyms? _kallsyms;

    /// <summary>
    /// Run-time address of <paramref name="name"/> as far as this program knows it: VMCOREINFO's
    /// <c>SYMBOL()</c> lines, then kallsyms from memory (until the vmlinux symbol layer is wired in), or null.
    /// </summary>
    public ulong? SymbolAddress(string name)
    {
        if (VmcoreInfo?.Symbol(name) is ulong a)
            return a;
        if (VmlinuxSymbolAddress(name) is ulong v)
            return v;
        try
        {
            if (Kallsyms.Lookup(name) is ulong k)
                return k;
        }
        catch (Exception e) when (e is KallsymsException or Dumps.MemoryFaultException or KernelLayoutException)
        {
        }
        return ModuleSymbols.Find(name)?.Address;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        DisposeDebugFiles();
        Dump.Dispose();
    }
}
