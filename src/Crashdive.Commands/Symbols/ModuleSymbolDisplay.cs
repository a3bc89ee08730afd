using Crashdive.Kernel;

namespace Crashdive.Commands.Symbols;

/// <summary>Module symbols (from each module's kallsyms in memory) in crash's <c>sym</c> formats.</summary>
public static class ModuleSymbolDisplay
{
    /// <summary>
    /// crash's line for a module symbol: <c>ffffffffc046f0b0 (d) nfnl_queue_net_id [nfnetlink_queue]</c>;
    /// text symbols end with a space where crash puts the source line it has no object file for.
    /// The letter is the kernel's own (<c>/proc/kallsyms</c>); crash prints <c>(?)</c> for data symbols of
    /// modules whose object file is not loaded.
    /// </summary>
    public static string Format(ModuleSymbol symbol, ulong offset, bool withModule = true)
    {
        string name = SymbolNames.StripCloneSuffix(symbol.Name);
        string at = offset == 0 ? $"{symbol.Address:x} ({symbol.Type}) {name}" : $"{symbol.Address + offset:x} ({symbol.Type}) {name}+{offset}";
        if (!withModule)
            return at;
        return IsText(symbol.Type) ? $"{at} [{symbol.Module}] " : $"{at} [{symbol.Module}]";
    }

    /// <summary>True for the text letters (t, T, w, W).</summary>
    public static bool IsText(char type) => type is 't' or 'T' or 'w' or 'W';

    /// <summary>Prints the module symbol named <paramref name="name"/>; false when no module has it.</summary>
    public static bool ShowByName(TextWriter output, KernelProgram kernel, string name)
    {
        if (kernel.ModuleSymbols.Find(name) is not ModuleSymbol s)
            return false;
        output.Write(Format(s, 0) + SourceLine(kernel, s, s.Address) + "\n");
        return true;
    }

    // crash ends a text symbol's line with "FILE: LINE" from the module's object file once it is loaded.
    private static string SourceLine(KernelProgram kernel, ModuleSymbol s, ulong address)
    {
        if (!IsText(s.Type))
            return "";
        foreach (DebugFile d in kernel.ModuleDebugFiles)
        {
            if (d.Name == s.Module && d.Symbols.FindSourceLine(address) is { } loc)
                return $"{loc.File}: {loc.Line}";
        }
        return "";
    }

    /// <summary>Prints the module symbol holding <paramref name="address"/>; false when no module holds it.</summary>
    public static bool ShowByAddress(TextWriter output, KernelProgram kernel, ulong address)
    {
        if (kernel.ModuleSymbols.Resolve(address) is not var (s, offset))
            return false;
        output.Write(Format(s, offset) + SourceLine(kernel, s, address) + "\n");
        return true;
    }

    /// <summary>Every symbol of every module whose name contains <paramref name="text"/>, in address order.</summary>
    public static int Query(TextWriter output, KernelProgram kernel, string text)
    {
        var ms = kernel.ModuleSymbols;
        int count = 0;
        for (int r = 0; r < ms.Count; r++)
        {
            if (!ms[r].Name.Contains(text, StringComparison.Ordinal))
                continue;
            output.Write(Format(ms[r], 0).TrimEnd() + "\n");
            count++;
        }
        return count;
    }

    /// <summary>
    /// crash's <c>sym -m</c> (and the module part of <c>sym -l</c>): the module's start, its symbols, its end. The
    /// names and letters are those crash stores for a module without its object file: the name cut by
    /// <c>strip_symbol_end</c> and the letter from <c>st_info</c> (<see cref="ModuleKallsyms.CrashLetter"/>).
    /// </summary>
    public static void ListModule(TextWriter output, KernelProgram kernel, string module)
    {
        if (Helpers.Modules.Modules.Find(kernel, module) is not { } m)
            throw new CommandException($"invalid module: {module}");
        output.Write($"{m.Base:x} MODULE START: {m.Name}\n");
        var ms = kernel.ModuleSymbols;
        var own = new List<ModuleSymbol>();
        for (int r = 0; r < ms.Count; r++)
        {
            // crash keeps only symbols inside the module's memory (a per-cpu symbol's value is an offset)
            if (ms[r].Module == m.Name && ms.ModuleAt(ms[r].Address) == m.Name)
                own.Add(ms[r]);
        }
        // crash sorts by address only, keeping the symtab order of symbols that share one
        own.Sort(static (a, b) => a.Address != b.Address ? a.Address.CompareTo(b.Address) : a.SymtabIndex.CompareTo(b.SymtabIndex));
        foreach (var s in own)
            output.Write($"{s.Address:x} ({s.CrashType}) {SymbolNames.StripCloneSuffix(s.Name)}\n");
        output.Write($"{m.Base + m.Size:x} MODULE END: {m.Name}\n");
    }
}
