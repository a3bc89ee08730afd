using Crashdive.Commands.Printing;
using Crashdive.Helpers.Code;
using Crashdive.Kernel;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// gdb's <c>&lt;symbol+offset&gt;</c> for an address (its <c>build_address_symbolic</c>): the ELF symbol gdb's minimal
/// symbols give (<see cref="SymbolAnnotator"/>), named after the debuginfo's function instead when that function
/// starts where the ELF symbol does (<c>__x64_sys_pause</c>'s code is the function <c>__do_sys_pause</c>).
/// </summary>
public sealed class GdbSymbols
{
    private readonly KernelProgram _kernel;
    private readonly SymbolAnnotator _elf;

    private GdbSymbols(KernelProgram kernel)
    {
        _kernel = kernel;
        _elf = SymbolAnnotator.Of(kernel);
    }

    /// <summary>The symbols of <paramref name="kernel"/>.</summary>
    public static GdbSymbols Of(KernelProgram kernel) => kernel.Cached(static k => new GdbSymbols(k));

    /// <summary><c>&lt;name&gt;</c> or <c>&lt;name+off&gt;</c> for <paramref name="address"/>, or null when gdb prints none.</summary>
    public string? Annotate(ulong address)
    {
        if (_elf.Lookup(address) is var (name, offset, _)
            && KernelCode.DwarfFunction(_kernel, address) is var (function, start)
            && start == address - offset && function != name)
            return offset == 0 ? $"<{function}>" : $"<{function}+{offset}>";
        return _elf.Annotate(address);
    }
}
