using Crashdive.Commands.Arguments;
using Crashdive.Commands.Symbols;
using Crashdive.Helpers.Code;
using Crashdive.Kernel;
using Crashdive.Symbols.Dwarf.Lines;

namespace Crashdive.Commands.Code;

/// <summary>
/// <c>l</c> / <c>list-source</c>: gdb's <c>list *ADDRESS</c> and <c>list FUNCTION</c>: ten source lines centred on
/// the line the line table gives for a kernel or module text address. The source tree is found under the
/// directory set with <c>-d</c> (remembered for later listings by this command) or <c>CRASHDIVE_SOURCE</c>.
/// </summary>
public sealed class ListSourceCommand(string name = "l") : ICommand
{
    private const string Synopsis = "[-d directory] [*]address | function[+offset]";

    private string? _directory;

    /// <inheritdoc/>
    public string Name => name;

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = name,
        Summary = "list the source lines around a text address",
        Synopsis = Synopsis,
        Description = """
            Works like gdb's "list *ADDRESS": names the function and file:line that the kernel's line table (or
            a module's, after mod -s) gives for the address, then prints ten source lines centred on that line.
            When the source file is not found, only file:line is printed, with a note that the source is
            missing.

            The file is looked for as the line table names it, then under the source directory by its path
            relative to the kernel tree, then by the longest tail of its path found there. The directory is the
            one last set with -d, or else $CRASHDIVE_SOURCE.
            """,
        Options =
        [
            new("-d", "directory", "the root of the source tree, kept for later listings; alone, it only sets it"),
        ],
        Arguments =
        [
            new("[*]address", "a text address (hexadecimal), with or without gdb's *"),
            new("function[+offset]", "a function name, optionally with an offset into it"),
        ],
        Examples =
        [
            new("l -d /usr/src/linux schedule", "set the source root and show the start of schedule()"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join($"\n{name}: ", parsed.Errors) + "\n" + CrashText.Usage(name, Synopsis));
        foreach (var (letter, value) in parsed.Options)
        {
            if (letter == 'd')
                _directory = value;
        }
        if (parsed.Words.Count == 0)
        {
            if (parsed.Options.Count > 0)
                context.Out.Write($"Source directories searched: {_directory ?? "$CRASHDIVE_SOURCE"}\n");
            else
                context.Out.Write(CrashText.Usage(name, Synopsis) + "\n");
            return;
        }
        foreach (string word in parsed.Words)
            List(context, word);
    }

    private void List(CommandContext context, string word)
    {
        KernelProgram kernel = context.Kernel;
        bool star = word.StartsWith('*');
        string target = star ? word[1..] : word;
        ulong address = Resolve(kernel, target);
        SourceLocation? loc = KernelCode.SourceLine(kernel, address);
        TextWriter output = context.Out;
        string function = KernelCode.Symbol(kernel, address) is (string n, _) ? n : "??";
        if (loc == null)
            throw new CommandException($"{word}: no line number information for 0x{address:x} ({function})");
        string shortName = KernelCode.RelativeSourcePath(loc.File);
        if (star)
            output.Write($"0x{address:x} is in {function} ({loc.File}:{loc.Line}).\n");
        string? path = SourceListing.Find(shortName, loc.File, _directory);
        if (path == null)
        {
            if (!star)
                output.Write($"{function} is at {loc.File}:{loc.Line}.\n");
            output.Write($"{loc.Line}\t{loc.File}: source is not available (set the source directory with {name} -d DIR)\n");
            return;
        }
        string[] text = File.ReadAllLines(path);
        // gdb centres a listing on its line: five lines before, four after
        int first = Math.Max(1, loc.Line - 5);
        int last = Math.Min(text.Length, first + 9);
        for (int line = first; line <= last; line++)
            output.Write($"{line}\t{text[line - 1]}\n");
    }

    private static ulong Resolve(KernelProgram kernel, string target)
    {
        Kallsyms symbols = SymbolDisplay.Symbols(kernel);
        if (AddressExpression.IsHexadecimal(target) && symbols.Lookup(target) == null && kernel.ModuleSymbols.Find(target) == null)
            return AddressExpression.ParseHex(target);
        if (symbols.Lookup(target) is ulong at)
            return at;
        if (kernel.ModuleSymbols.Find(target) is ModuleSymbol m)
            return m.Address;
        if (AddressExpression.ResolveAddress(target, n => symbols.Lookup(n) ?? kernel.ModuleSymbols.Find(n)?.Address) is ulong expr)
            return expr;
        throw new CommandException($"symbol not found: {target}");
    }
}
