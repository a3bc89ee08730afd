using Crashdive.Dumps;
using Crashdive.Kernel;

namespace Crashdive.Commands.Symbols;

/// <summary>
/// Symbol lookups and listings shared by commands, in crash's formats. Symbols come from the kernel's
/// own kallsyms table in the dump (the vmlinux symbol table, with its local labels and section symbols,
/// and module symbols join when their layers land).
/// </summary>
public static class SymbolDisplay
{
    /// <summary>The kernel's symbols, or a <see cref="CommandException"/> saying why they are unavailable.</summary>
    public static Kallsyms Symbols(KernelProgram kernel)
    {
        try
        {
            return kernel.Kallsyms;
        }
        catch (Exception e) when (e is KallsymsException or KernelLayoutException or MemoryFaultException)
        {
            throw new CommandException($"kernel symbols unavailable: {e.Message}");
        }
    }

    /// <summary>A name-to-address function over the kernel's symbols, for <see cref="Arguments.AddressExpression"/>.</summary>
    public static Func<string, ulong?> Lookup(KernelProgram kernel)
    {
        var ks = Symbols(kernel);
        return ks.Lookup;
    }

    /// <summary>
    /// crash's one-line symbol form: <c>ffffffff81000000 (T) _stext</c>, or <c>... (D) name+8</c> inside a
    /// symbol. Offsets are decimal, as crash prints them with its default output radix (10).
    /// </summary>
    /// Names are crash's (<see cref="SymbolNames.StripCloneSuffix"/>).
    public static string Format(KernelSymbol symbol, ulong offset) => offset == 0
        ? $"{symbol.Address:x} ({symbol.Type}) {SymbolNames.StripCloneSuffix(symbol.Name)}"
        : $"{symbol.Address + offset:x} ({symbol.Type}) {SymbolNames.StripCloneSuffix(symbol.Name)}+{offset}";

    /// <summary>
    /// crash's <c>symbol_query</c>: every symbol whose name contains <paramref name="text"/>, in address
    /// order, each on a line after <paramref name="pad"/>. Returns how many matched.
    /// </summary>
    public static int Query(TextWriter output, Kallsyms symbols, string text, string pad)
    {
        int count = 0;
        for (int r = 0; r < symbols.Count; r++)
        {
            var s = symbols[r];
            if (!SymbolNames.StripCloneSuffix(s.Name).Contains(text, StringComparison.Ordinal))
                continue;
            output.Write(pad);
            output.Write(Format(s, 0));
            output.Write('\n');
            count++;
        }
        return count;
    }

    /// <summary>crash's reply to a name it does not know: the name, then the symbols that contain it.</summary>
    public static void NotFound(TextWriter output, Kallsyms symbols, string name)
    {
        output.Write($"symbol not found: {name}\n");
        output.Write("possible alternatives:\n");
        if (Query(output, symbols, name, "  ") == 0)
            output.Write("  (none found)\n");
    }

    /// <summary>
    /// crash's <c>value_to_symstr</c> for kernel addresses: <c>name</c> or <c>name+off</c> (decimal, crash's
    /// default radix) when <paramref name="value"/> lies within the kernel's symbols, else null.
    /// </summary>
    public static string? NameFor(Kallsyms symbols, ulong value)
    {
        if (!symbols.InKernelRange(value))
            return null;
        int r = symbols.RankForAddress(value);
        if (r < 0)
            return null;
        var s = symbols[r];
        string name = SymbolNames.StripCloneSuffix(s.Name);
        return value == s.Address ? name : $"{name}+{value - s.Address}";
    }
}
