using Crashdive.Kernel;
using Crashdive.Symbols.Elf;

namespace Crashdive.Commands.Printing;

/// <summary>
/// The <c>&lt;symbol+offset&gt;</c> gdb appends to pointers: only for addresses inside the kernel
/// image (gdb knows the vmlinux sections, not the heap), named by the vmlinux ELF symbol table
/// (gdb's minimal symbols) and only within the symbol's size when it has one. Offsets are decimal.
/// </summary>
public sealed class SymbolAnnotator
{
    private readonly KernelProgram _kernel;
    private readonly ulong _start;
    private readonly ulong _end;

    private SymbolAnnotator(KernelProgram kernel)
    {
        _kernel = kernel;
        if (kernel.Vmlinux is { } v && v.Symbols.TryFind("_text", out ElfSymbol text) && v.Symbols.TryFind("_end", out ElfSymbol end))
        {
            _start = text.Address;
            _end = end.Address;
        }
    }

    /// <summary>The annotator of <paramref name="kernel"/> (made once).</summary>
    public static SymbolAnnotator Of(KernelProgram kernel) => kernel.Cached(static k => new SymbolAnnotator(k));

    /// <summary><c>&lt;name&gt;</c> or <c>&lt;name+off&gt;</c> for <paramref name="address"/>, or null when gdb would print none.</summary>
    public string? Annotate(ulong address)
    {
        if (address == 0 || _kernel.Vmlinux is not { } v)
            return null;
        ulong link = unchecked(address - _kernel.KaslrOffset);
        if (link < _start || link >= _end)
            return null;
        if (!v.TryLookupAddress(link, out SymbolOffset so))
            return null;
        if (so.Symbol.Size != 0 && so.Offset >= so.Symbol.Size)
            return null;
        return so.Offset == 0 ? $"<{so.Symbol.Name}>" : $"<{so.Symbol.Name}+{so.Offset}>";
    }
}
