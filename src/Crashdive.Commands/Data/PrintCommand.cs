using Crashdive.Commands.Arguments;
using Crashdive.Commands.Printing;
using Crashdive.Helpers.Percpu;
using Crashdive.Kernel;
using Crashdive.Kernel.Expressions;

namespace Crashdive.Commands.Data;

/// <summary><c>p</c>: evaluates an expression and prints it as crash (through gdb) does, recording it in the value history.</summary>
public sealed class PrintCommand(string name = "p") : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-x|-d][-u] [expression | symbol[:cpuspec]]";

    /// <inheritdoc/>
    public string Name => name;

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = name,
        Summary = "print the value of an expression",
        Synopsis = Synopsis,
        Description = """
            Evaluates a C expression over the kernel's variables and types and prints the result the way gdb's
            print does, numbered as $N in the value history so later expressions can use $N. Expressions take
            members (a->b.c), casts, &, *, [i], arithmetic and sizeof; inside a frame selected with "frame",
            that frame's arguments and locals are found first. A variable given alone is printed as
            "name = value".

            A per-cpu variable given alone prints its type and its address on every CPU; with :cpuspec, its
            value on each CPU listed. The :cpuspec forms are a number, ranges and lists (1-3,5), and a or all;
            an empty one (the current task's CPU) is refused for now. Numbers print in decimal unless the
            session's radix was set to 16 ("hex" alias) or -x is given.
            """,
        Options =
        [
            new("-x", null, "print integers in hexadecimal this time"),
            new("-h", null, "the same as -x"),
            new("-d", null, "print integers in decimal this time"),
            new("-u", null, "accepted; the expression is evaluated as usual"),
        ],
        Arguments =
        [
            new("expression", "what to evaluate"),
            new("symbol[:cpuspec]", "a per-cpu variable, with the CPUs to print it for"),
        ],
        Examples =
        [
            new("p jiffies", "the tick counter"),
            new("p init_task.comm", "the name of the first task"),
            new("p runqueues:1", "CPU 1's run queue"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count > 0 && args[0].StartsWith('/'))
        {
            // p/x, p /x: crash hands the line to gdb's print, which prints no "symbol = " leader
            Gdb.GdbCommand.Run(context, Gdb.GdbCommand.LineOf(Name, args), () => Gdb.GdbPrint.Run(context, "print", string.Join(' ', args), record: true));
            return;
        }
        GetoptResult parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join($"\n{Name}: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        int radix = 0;
        foreach (GetoptOption o in parsed.Options)
        {
            if (o.Letter == 'd')
            {
                if (radix == 16)
                    throw new CommandException("-d and -x are mutually exclusive");
                radix = 10;
            }
            else if (o.Letter is 'x' or 'h')
            {
                if (radix == 10)
                    throw new CommandException("-d and -x are mutually exclusive");
                radix = 16;
            }
        }
        if (parsed.Words.Count == 0)
        {
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        FormatOptions options = SessionSettings.Of(context.Kernel).Format(radix);
        KernelProgram kernel = context.Kernel;
        var words = parsed.Words.ToList();
        string first = words[0];
        int colon = first.LastIndexOf(':');
        string? cpuspec = colon >= 0 ? first[(colon + 1)..] : null;
        string symbol = colon >= 0 ? first[..colon] : first;
        Func<string, KObject?>? locals = Backtrace.FrameNames.Resolver(kernel);
        bool isSymbol = DataSymbols.Address(kernel, symbol) != null && !Backtrace.FrameNames.Holds(kernel, symbol);
        if (isSymbol && words.Count == 1 && DataSymbols.IsPerCpu(kernel, symbol) && kernel.FindVariable(symbol) is KObject perCpu && perCpu.IsPerCpu)
        {
            PerCpuData(context, symbol, perCpu, cpuspec, options);
            return;
        }
        if (cpuspec != null && isSymbol)
        {
            context.Out.Write($"{Name}: WARNING: {symbol} is not percpu; cpuspec ignored.\n");
            words[0] = symbol;
        }
        string expression = string.Join(' ', words.Where(w => !w.StartsWith('-')));
        string request = "p " + expression;
        KObject value;
        var history = ValueHistory.Of(kernel);
        try
        {
            if (Backtrace.FrameNames.OptimizedOut(kernel, expression.Trim()) is string gone)
            {
                context.Out.Write(gone);
                return;
            }
            var evaluator = new ExpressionEvaluator(kernel, history) { LocalScope = locals };
            value = evaluator.Evaluate(expression);
            foreach (string warning in evaluator.Warnings)
                context.Out.Write($"warning: {warning}\n");
            string text = ValueFormatter.FormatTopLevel(value, options);
            int n = history.Add(value);
            Emit(context.Out, isSymbol ? symbol : null, $"${n} = {text}\n");
        }
        catch (Exception e) when (e is ExpressionException or Dumps.MemoryFaultException or KernelObjectException)
        {
            throw new CommandException($"gdb request failed: {request}");
        }
    }

    /// <summary>
    /// crash's <c>process_gdb_output</c> with a leader: <c>leader = </c> before gdb's first line, and when
    /// that line holds a <c>{</c> that does not end it, the text from the brace moved to a new line.
    /// </summary>
    internal static void Emit(TextWriter output, string? leader, string text)
    {
        if (leader == null)
        {
            output.Write(text);
            return;
        }
        output.Write(leader + " = ");
        int nl = text.IndexOf('\n');
        string firstLine = nl < 0 ? text : text[..(nl + 1)];
        int brace = firstLine.IndexOf('{');
        if (brace >= 0 && !firstLine.AsSpan(brace).StartsWith("{\n"))
        {
            output.Write(firstLine[..brace]);
            output.Write("\n {");
            output.Write(text[(brace + 1)..]);
            return;
        }
        output.Write(text);
    }

    private void PerCpuData(CommandContext context, string symbol, KObject variable, string? cpuspec, FormatOptions options)
    {
        KernelProgram kernel = context.Kernel;
        PercpuLayout layout = Percpu.Of(kernel);
        TextWriter output = context.Out;
        if (cpuspec == null)
        {
            output.Write("PER-CPU DATA TYPE:\n  ");
            output.Write((DataSymbols.Declaration(kernel, symbol) ?? $"[undetermined type] {symbol};") + "\n");
            output.Write("PER-CPU ADDRESSES:\n");
            for (int c = 0; c < layout.CpuCount; c++)
                output.Write($"  [{c}]: {unchecked(variable.Address + layout.Offsets[c]):x}\n");
            return;
        }
        if (cpuspec.Length == 0)
            throw new CommandException("the current CPU is not known yet: give a CPU number");
        var history = ValueHistory.Of(kernel);
        foreach (int c in CpuSpec.Parse(cpuspec, layout.CpuCount))
        {
            KObject value = KObject.Reference(kernel, variable.Type, unchecked(variable.Address + layout.Offsets[c]));
            string request = $"p *({variable.Type}*) 0x{value.Address:x}";
            string text;
            try
            {
                text = ValueFormatter.FormatTopLevel(value, options);
            }
            catch (Exception e) when (e is ExpressionException or Dumps.MemoryFaultException or KernelObjectException)
            {
                throw new CommandException($"gdb request failed: {request}");
            }
            int n = history.Add(value);
            Emit(output, $"per_cpu({symbol}, {c})", $"${n} = {text}\n");
        }
    }
}
