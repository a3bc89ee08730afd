using Crashdive.Arch.X86_64;
using Crashdive.Commands.Arguments;
using Crashdive.Commands.Symbols;
using Crashdive.Helpers.Code;
using Crashdive.Kernel;

namespace Crashdive.Commands.Code;

/// <summary><c>dis</c>: disassembles kernel text in gdb's AT&amp;T layout, as crash prints it.</summary>
public sealed class DisCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-rfludxs][-b [num]] [address | symbol | (expression)] [count]";

    /// <summary>Most instructions one command prints (a bound against a corrupt range).</summary>
    public const int MaxInstructions = 1 << 20;

    /// <inheritdoc/>
    public string Name => "dis";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "dis",
        Summary = "disassemble",
        Synopsis = Synopsis,
        Description = """
            Decodes x86-64 kernel instructions and prints them in gdb's AT&T syntax, each line led by the
            instruction's address and its place as symbol+offset. The start is a hexadecimal address, a kernel
            or module symbol, or a parenthesised expression. Given a function's name (or its exact start) and
            no count, the whole function is shown; otherwise one instruction, or count of them. Calls and jumps
            name their targets.

            An address that no symbol covers is warned about and not decoded, as crash hands it to gdb
            unchanged.
            """,
        Options =
        [
            new("-r", null, "from the start of the function up to and including the address"),
            new("-f", null, "from the address to the end of the function"),
            new("-l", null, "put the source file and line above the instructions of each line"),
            new("-s", null, "instead of instructions, the source file and line of the address and, when the source tree is found (CRASHDIVE_SOURCE names it), the lines around it; not with -r, -f or -u"),
            new("-x", null, "immediates and displacements in hexadecimal (the default)"),
            new("-h", null, "the same as -x"),
            new("-d", null, "immediates and displacements in decimal"),
            new("-u", null, "the address is a user address: refused for now"),
            new("-U", null, "decode even where no symbol covers the address"),
            new("-b", "num", "bytes to skip after a ud2 BUG instruction: accepted and ignored (x86-64 kernels have none to skip)"),
            new("-B", "num", "the same as -b"),
        ],
        Arguments =
        [
            new("address | symbol | (expression)", "where to start"),
            new("count", "how many instructions to show (a count turns off a whole-function listing)"),
        ],
        Examples =
        [
            new("dis -l schedule 8", "the first eight instructions of schedule() with their source lines"),
            new("dis -r panic+0x20", "panic() up to the instruction at offset 0x20"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\ndis: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        bool reverse = false, forward = false, lines = false, sources = false, user = false, unfiltered = false;
        int radix = 0;
        foreach (var (letter, _) in parsed.Options)
        {
            switch (letter)
            {
                case 'd':
                    if (radix == 16) throw new CommandException("-d and -x are mutually exclusive");
                    radix = 10;
                    break;
                case 'x' or 'h':
                    if (radix == 10) throw new CommandException("-d and -x are mutually exclusive");
                    radix = 16;
                    break;
                case 'U': unfiltered = true; break;
                case 'u':
                    if (sources) throw new CommandException("-s can only be used with kernel addresses");
                    user = true;
                    break;
                case 'r':
                    if (forward) throw new CommandException("-r and -f are mutually exclusive");
                    if (sources) throw new CommandException("-r and -s are mutually exclusive");
                    reverse = true;
                    break;
                case 'f':
                    if (reverse) throw new CommandException("-r and -f are mutually exclusive");
                    if (sources) throw new CommandException("-f and -s are mutually exclusive");
                    forward = true;
                    break;
                case 'l': lines = true; break;
                case 's':
                    if (reverse) throw new CommandException("-r and -s are mutually exclusive");
                    if (forward) throw new CommandException("-f and -s are mutually exclusive");
                    if (user) throw new CommandException("-s can only be used with kernel addresses");
                    sources = true;
                    break;
            }
        }
        if (parsed.Words.Count == 0)
        {
            if (parsed.Options.Any(o => o.Letter is 'b' or 'B'))
                return;
            throw new CommandUsageException(CrashText.Usage(Name, Synopsis));
        }
        bool hex = radix == 16;
        KernelProgram kernel = context.Kernel;
        TextWriter output = context.Out;
        Kallsyms symbols = SymbolDisplay.Symbols(kernel);
        string word = parsed.Words[0];
        bool functionOnly = false;
        ulong address;
        if (AddressExpression.IsHexadecimal(word) && symbols.Lookup(word) == null)
        {
            address = AddressExpression.ParseHex(word);
            var sym = KernelCode.Symbol(kernel, address);
            if (!user && sym == null)
            {
                output.Write($"WARNING: {address:x}: no associated kernel symbol found\n");
                unfiltered = true;
            }
            if (sym is (string n, 0) && IsText(symbols, n))
                functionOnly = true;
        }
        else if (symbols.Lookup(word) is ulong symAddress)
        {
            address = symAddress;
            if (IsText(symbols, word))
                functionOnly = true;
        }
        else if (kernel.ModuleSymbols.Find(word) is ModuleSymbol modSym)
        {
            // a module's symbol, from its in-memory kallsyms (crash knows them after mod -s; we always do)
            address = modSym.Address;
            if (modSym.Type is 'T' or 't' or 'W' or 'w')
                functionOnly = true;
        }
        else if (AddressExpression.ResolveAddress(word, name => symbols.Lookup(name) ?? kernel.ModuleSymbols.Find(name)?.Address) is ulong expr)
            address = expr;
        else
        {
            SymbolDisplay.NotFound(output, symbols, word);
            return;
        }

        ulong count = 1;
        bool countEntered = false;
        if (parsed.Words.Count > 1)
        {
            forward = false;
            count = AddressExpression.ParseNumber(parsed.Words[1]);
            functionOnly = false;
            if (count == 0)
                throw new CommandException("invalid count argument: 0");
            countEntered = true;
        }
        if (sources)
        {
            SourceListing.Print(context, word, address, countEntered ? count : 0);
            return;
        }
        if (user)
            throw new CommandException("-u: user-space disassembly is not supported yet");
        if (unfiltered)
        {
            // crash hands such an address to gdb unchanged; gdb prints the address and fails to read it.
            output.Write($"   0x{address:x}:\t");
            return;
        }
        if (address < Crashdive.Arch.X86_64.X86_64KernelLayout.StartKernelMap && !IsKernelVirtual(address))
            throw new CommandException($"{address:x} is not a kernel virtual address");

        ulong end = 0, target = address;
        if (reverse || forward || functionOnly)
        {
            if (KernelCode.FunctionRange(kernel, address) is var (_, high))
                end = high;
            else if (NextSymbolAddress(symbols, address) is ulong next)
                end = next;
            else if (NextModuleSymbolAddress(kernel.ModuleSymbols, address) is ulong nextInModule)
                end = nextInModule;
            else
                throw new CommandException($"cannot disassemble from {address:x}");
        }
        ulong start = address;
        if (reverse || forward)
        {
            if (KernelCode.Symbol(kernel, target) is not var (_, off))
                throw new CommandException($"cannot resolve address: {target:x}");
            start = target - off;
        }
        var lister = new Listing(kernel, output, hex, lines);
        if (reverse)
            lister.Run(start, ulong.MaxValue, MaxInstructions, stopAtOrAfter: target);
        else if (countEntered)
            lister.Run(start, ulong.MaxValue, count > MaxInstructions ? MaxInstructions : (int)count, stopAtOrAfter: null);
        else if (forward || functionOnly)
        {
            lister.Run(start, end, MaxInstructions, stopAtOrAfter: null, skipBelow: forward ? target : 0);
        }
        else
            lister.Run(start, ulong.MaxValue, 1, stopAtOrAfter: null);
        if (lister.Fault is ulong fault)
            throw new CommandException($"cannot disassemble from {fault:x}");
    }

    private static bool IsText(Kallsyms symbols, string name) => symbols.TypeOf(name) is 'T' or 't' or 'W' or 'w';

    private static bool IsKernelVirtual(ulong address) => address >= 0xffff800000000000UL;

    private static ulong? NextSymbolAddress(Kallsyms symbols, ulong address)
    {
        int r = symbols.RankForAddress(address);
        for (int i = r + 1; i >= 0 && i < symbols.Count; i++)
        {
            if (symbols[i].Address > address)
                return symbols[i].Address;
        }
        return null;
    }

    private static ulong? NextModuleSymbolAddress(ModuleKallsyms symbols, ulong address)
    {
        if (symbols.Resolve(address) is not var (sym, _))
            return null;
        for (int i = 0; i < symbols.Count; i++)
        {
            ModuleSymbol s = symbols[i];
            if (s.Address > address && s.Module == sym.Module)
                return s.Address;
        }
        return null;
    }

    /// <summary>Prints instructions one after another in crash's line layout.</summary>
    private sealed class Listing(KernelProgram kernel, TextWriter output, bool hex, bool lines)
    {
        private readonly X86_64Disassembler _dis = new();
        private readonly byte[] _buffer = new byte[4096];
        private ulong _bufferStart = 1;
        private int _bufferLength;
        private string? _lastLine;

        public ulong? Fault { get; private set; }

        public void Run(ulong start, ulong end, int count, ulong? stopAtOrAfter, ulong skipBelow = 0)
        {
            ulong pc = start;
            for (int n = 0; n < count && pc < end; )
            {
                if (!TryBytes(pc, out ReadOnlySpan<byte> code))
                {
                    Fault = pc;
                    return;
                }
                DisassembledInstruction insn = _dis.Decode(pc, code);
                ulong next = pc + (ulong)insn.Length;
                if (pc >= skipBelow)
                {
                    Print(insn);
                    n++;
                }
                if (stopAtOrAfter is ulong t && pc >= t)
                    return;
                pc = next;
            }
        }

        private bool TryBytes(ulong pc, out ReadOnlySpan<byte> code)
        {
            if (pc < _bufferStart || pc + 16 > _bufferStart + (ulong)_bufferLength)
            {
                _bufferStart = pc;
                _bufferLength = KernelCode.ReadText(kernel, pc, _buffer);
            }
            int at = (int)(pc - _bufferStart);
            if (at >= _bufferLength)
            {
                code = default;
                return false;
            }
            code = _buffer.AsSpan(at, Math.Min(16, _bufferLength - at));
            return true;
        }

        private void Print(DisassembledInstruction insn)
        {
            if (lines)
            {
                string where = KernelCode.SourceLine(kernel, insn.Address) is { } loc ? $"{loc.File}: {loc.Line}" : "";
                if (where != _lastLine)
                {
                    output.Write(where);
                    output.Write('\n');
                    _lastLine = where;
                }
            }
            string? self = KernelCode.SymbolString(kernel, insn.Address, hex);
            output.Write($"0x{insn.Address:x} <{self}>:\t");
            string text = insn.Text;
            if (insn.BranchTarget is ulong b && KernelCode.SymbolString(kernel, b, hex) is string bs)
                text = $"{text} <{bs}>";
            else if (insn.RipTarget is ulong r)
            {
                text = $"{text}        # 0x{r:x}";
                if (KernelCode.SymbolString(kernel, r, hex) is string rs)
                    text = $"{text} <{rs}>";
            }
            if (self != null && !self.Contains('+') && text.Contains("nopl   0x0(%rax,%rax,1)", StringComparison.Ordinal))
                text += " [FTRACE NOP]";
            output.Write(text);
            output.Write('\n');
        }
    }
}
