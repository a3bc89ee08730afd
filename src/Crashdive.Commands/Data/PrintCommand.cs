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
    public string Summary => "print the value of an expression";

    /// <inheritdoc/>
    public string Help => $$"""
        NAME
          p - print the value of an expression

        SYNOPSIS
          p {{Synopsis}}

        DESCRIPTION
          This command passes its arguments on to gdb "print" command for evaluation.

            expression   an expression to be evaluated.
                symbol   a kernel symbol.
             :cpuspec    CPU specification for a per-cpu symbol:
                           :             CPU of the currently selected task.
                           :a[ll]        all CPUs.
                           :#[-#][,...]  CPU list(s), e.g. "1,3,5", "1-3",
                                         or "1,3,5-7,10".
                    -x   override default output format with hexadecimal format.
                    -d   override default output format with decimal format.
                    -u   the expression evaluates to a user address reference.

          The default output format is decimal, but that can be changed at any time
          with the two built-in aliases "hex" and "dec".  Alternatively, there
          are two other built-in aliases, "px" and "pd", which force the command
          output to be displayed in hexadecimal or decimal, without changing the
          default mode. 

        EXAMPLES
          If a kernel variable is a pointer to a structure, print it.

            crash> p jiffies
            jiffies = $1 = 1962989
            crash> p init_task.comm
            $2 = "swapper/0\000\000\000\000\000\000"

          Print the data of a per-cpu symbol on CPU 1, and on all CPUs.

            crash> p runqueues:1
            crash> p runqueues:a
        """;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count > 0 && args[0].StartsWith('/'))
        {
            // p/x, p /x: crash hands the line to gdb's print, which prints no "symbol = " leader
            Gdb.GdbCommand.Run(context, Gdb.GdbCommand.LineOf(Name, args), () => Gdb.GdbPrint.Run(context, "print", string.Join(' ', args), record: true));
            return;
        }
        GetoptResult parsed = new Getopt("dhxu").Parse(args);
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
            value = new ExpressionEvaluator(kernel, history) { LocalScope = locals }.Evaluate(expression);
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
