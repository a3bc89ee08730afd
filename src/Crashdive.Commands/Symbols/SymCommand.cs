using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Code;
using Crashdive.Kernel;

namespace Crashdive.Commands.Symbols;

/// <summary><c>sym</c>: symbols to addresses and back, neighbours, searches and the full list.</summary>
public sealed class SymCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-l] | [-M] | [-m module] | [-p|-n] | [-q string] | [symbol | vaddr]";

    /// <inheritdoc/>
    public string Name => "sym";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "sym",
        Summary = "translate a symbol to its virtual address, or vice-versa",
        Synopsis = Synopsis,
        Description = """
            Given a symbol name, prints its address and its type letter; given an address, prints the symbol it
            falls in and the offset into it. Text symbols end with their source file and line, read from the
            vmlinux line table. Names come from the vmlinux when there is one and otherwise from the kernel's
            own kallsyms table in the dump; module symbols come from each module's kallsyms in memory and carry
            the module's name in brackets.
            """,
        Options =
        [
            new("-l", null, "every symbol in address order: the kernel's, then each module's between its MODULE START and MODULE END lines"),
            new("-L", null, "the same as -l"),
            new("-p", null, "also show the symbol before the one asked for"),
            new("-n", null, "also show the symbol after the one asked for"),
            new("-q", "string", "every kernel and module symbol whose name contains string"),
            new("-Q", "string", "only the count of symbols whose name contains string, and the last one"),
            new("-m", "module", "the symbols of one module"),
            new("-M", null, "refused for now"),
            new("-s", null, "section names: refused for now (needs the vmlinux section table)"),
        ],
        Arguments = [new("symbol | vaddr", "a name to look up, or a hexadecimal address to name")],
        Examples =
        [
            new("sym schedule", "the address, type and source line of schedule()"),
            new("sym -q banner", "every symbol with banner in its name"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nsym: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        var output = context.Out;
        bool next = false, prev = false, others = false;
        Kallsyms? symbols = null;
        Kallsyms Symbols() => symbols ??= SymbolDisplay.Symbols(context.Kernel);
        foreach (var (letter, value) in parsed.Options)
        {
            switch (letter)
            {
                case 'n': next = true; break;
                case 'p': prev = true; break;
                case 'Q':
                {
                    int found = 0;
                    string? last = null;
                    var ks = Symbols();
                    for (int r = 0; r < ks.Count; r++)
                    {
                        if (ks[r].Name.Contains(value!, StringComparison.Ordinal))
                        {
                            found++;
                            last = ks[r].Name;
                        }
                    }
                    output.Write($"{found} found {(last != null ? $"({last})" : "")}\n");
                    others = true;
                    break;
                }
                case 'q':
                    if (SymbolDisplay.Query(output, Symbols(), value!, "") + ModuleSymbolDisplay.Query(output, context.Kernel, value!) == 0)
                        output.Write("(none found)\n");
                    others = true;
                    break;
                case 'm':
                    ModuleSymbolDisplay.ListModule(output, context.Kernel, value!);
                    others = true;
                    break;
                case 'M':
                    throw new CommandException("-M: not supported yet");
                case 'l' or 'L':
                    ListAll(output, context.Kernel);
                    others = true;
                    break;
                case 's':
                    throw new CommandException("-s: section names need the vmlinux section table: not supported yet");
            }
        }
        if (parsed.Words.Count == 0)
        {
            if (!others)
                output.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        foreach (string word in parsed.Words)
            ShowOne(context, Symbols(), word, prev, next);
    }

    // crash's symbol_dump(KERNEL_SYMS|MODULE_SYMS): the vmlinux symbol table, then each module
    // (in address order) between its MODULE START and MODULE END lines.
    private static void ListAll(TextWriter output, KernelProgram kernel)
    {
        if (kernel.Vmlinux == null)
        {
            // no vmlinux: the kernel's own kallsyms table read from the dump
            var ks = SymbolDisplay.Symbols(kernel);
            for (int r = 0; r < ks.Count; r++)
                output.Write(SymbolDisplay.Format(ks[r], 0) + "\n");
        }
        else
        {
            foreach (var e in VmlinuxSymbolList.Build(kernel))
                output.Write($"{e.Value:x} ({e.Type}) {e.Name}\n");
            foreach (var m in Helpers.Modules.Modules.ByBase(kernel))
                ModuleSymbolDisplay.ListModule(output, kernel, m.Name);
        }
    }

    private static void ShowOne(CommandContext context, Kallsyms ks, string word, bool prev, bool next)
    {
        var output = context.Out;
        if (ks.Lookup(word) == null && AddressExpression.IsHexadecimal(word))
        {
            ulong value;
            try
            {
                value = AddressExpression.ParseHex(word);
            }
            catch (CommandException)
            {
                ReportInvalid(output, word);
                return;
            }
            if (ModuleSymbolDisplay.ShowByAddress(output, context.Kernel, value))
                return;
            int rank = ks.InKernelRange(value) ? ks.RankForAddress(value) : -1;
            if (rank < 0)
            {
                ReportInvalid(output, word);
                return;
            }
            ShowRank(context, ks, rank, value - ks[rank].Address, prev, next);
            return;
        }
        var ranks = ks.RanksOf(word);
        if (ranks.Count == 0)
        {
            // Beyond crash: symbol+offset and symbol-offset.
            if (AddressExpression.ResolveAddress(word, ks.Lookup) is ulong at && ks.InKernelRange(at) && ks.RankForAddress(at) is int r && r >= 0)
            {
                ShowRank(context, ks, r, at - ks[r].Address, prev, next);
                return;
            }
            if (ModuleSymbolDisplay.ShowByName(output, context.Kernel, word))
                return;
            SymbolDisplay.NotFound(output, ks, word);
            return;
        }
        foreach (int r in ranks)
            ShowRank(context, ks, r, 0, prev, next);
    }

    // crash reports a bad address on its own line and goes on with the next argument.
    private static void ReportInvalid(TextWriter output, string word) => output.Write($"sym: invalid address: {word}\n");

    private static void ShowRank(CommandContext context, Kallsyms ks, int rank, ulong offset, bool prev, bool next)
    {
        var output = context.Out;
        if (prev && rank > 0)
            output.Write(SymbolDisplay.Format(ks[rank - 1], 0) + LineOf(context, ks[rank - 1], 0) + "\n");
        output.Write(SymbolDisplay.Format(ks[rank], offset) + LineOf(context, ks[rank], offset) + "\n");
        if (next && rank + 1 < ks.Count)
            output.Write(SymbolDisplay.Format(ks[rank + 1], 0) + LineOf(context, ks[rank + 1], 0) + "\n");
    }

    // crash's show_symbol(SHOW_LINENUM): a text symbol ends with " FILE: LINE" from the vmlinux line table.
    private static string LineOf(CommandContext context, KernelSymbol symbol, ulong offset)
    {
        if (!ModuleSymbolDisplay.IsText(symbol.Type))
            return "";
        try
        {
            return KernelCode.SourceLine(context.Kernel, symbol.Address + offset) is { } loc ? $" {loc.File}: {loc.Line}" : "";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ""; // no usable line table: crash prints the symbol alone
        }
    }
}
