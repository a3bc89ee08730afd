using Crashdive.Commands.Arguments;
using Crashdive.Dumps;
using Crashdive.Helpers.Stack;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Backtrace;

/// <summary><c>bt</c>: kernel-stack backtraces of tasks, in crash's layout, unwound with the kernel's ORC tables.</summary>
public sealed partial class BtCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "bt";

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        KernelProgram kernel = context.Kernel;
        var request = Parse(kernel, args);
        if (request == null)
            return;
        BtOptions options = request.Options;
        if (request.Overflow)
        {
            BacktracePrinter.PrintOverflowCheck(kernel, context.Out, context.Cancellation);
            return;
        }
        if (request.ToggleDefault)
        {
            BtDefaults defaults = kernel.Cached(static _ => new BtDefaults());
            defaults.OldMethod = !defaults.OldMethod;
            context.Out.Write($"bt: use {(defaults.OldMethod ? "old" : "new")} bt method by default\n");
            return;
        }
        if (request.SearchAllStacks)
        {
            int cpus = global::Crashdive.Helpers.Sched.Runqueues.CpuCount(kernel);
            IReadOnlyList<int> which = request.CpuSpec != null ? CpuSpec.Parse(request.CpuSpec, cpus) : Enumerable.Range(0, cpus).ToList();
            BacktracePrinter.PrintExceptionStackSearch(kernel, which, options, context.Out);
            return;
        }
        List<KObject> tasks = Targets(kernel, request, args);
        bool first = true;
        foreach (KObject task in tasks)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var text = new StringWriter { NewLine = "\n" };
            bool referenced;
            try
            {
                referenced = BacktracePrinter.Print(kernel, task, options, text);
            }
            catch (CommandException e)
            {
                // crash prints the task's header, then the error, and stops.
                context.Out.Write(first ? "" : "\n");
                context.Out.Write(text.ToString());
                throw new CommandException(e.Message);
            }
            if (options.Reference != null && !referenced)
                continue;
            if (!first)
                context.Out.Write('\n');
            context.Out.Write(text.ToString());
            first = false;
        }
    }

    private sealed record Request(BtOptions Options, bool All, bool PanicOnly, bool Group, string? CpuSpec, bool Overflow, bool ToggleDefault,
        bool SearchAllStacks, IReadOnlyList<string> Words);

    private Request? Parse(KernelProgram kernel, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nbt: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        var options = new BtOptions { OldMethod = kernel.Cached(static _ => new BtDefaults()).OldMethod };
        bool all = false, panicOnly = false, group = false, overflow = false, toggle = false, searchAll = false;
        char radix = ' ';
        string? cpuSpec = null;
        foreach (var (letter, value) in parsed.Options)
        {
            switch (letter)
            {
                case 'a': all = true; break;
                case 'c':
                    if (cpuSpec != null)
                        throw new CommandException("only one -c option allowed\n" + CrashText.Usage(Name, Synopsis));
                    cpuSpec = value;
                    break;
                case 'p': panicOnly = true; break;
                case 'g': group = true; break;
                case 'f': options.Full = true; break;
                case 'F': options.Full = true; options.SymbolicLevel = Math.Min(2, options.SymbolicLevel + 1); break;
                case 'l': options.Lines = true; break;
                case 's': options.SymbolOffset = true; break;
                case 'x':
                    if (radix == 'd')
                        throw new CommandException("-d and -x are mutually exclusive");
                    radix = 'x';
                    options.Hex = true;
                    break;
                case 'd':
                    if (radix == 'x')
                        throw new CommandException("-d and -x are mutually exclusive");
                    radix = 'd';
                    options.Hex = false;
                    break;
                case 't': options.TextSymbols = true; break;
                case 'T': options.TextSymbols = true; options.FromBottom = true; break;
                case 'r': options.Raw = true; break;
                case 'R': options.Reference ??= value; break;
                case 'e': options.ExceptionSearch = true; break;
                case 'E': searchAll = true; break;
                case 'o': options.OldMethod = true; break;
                case 'O': toggle = true; break;
                case 'v': overflow = true; break;
                case 'n':
                    if (value != "idle")
                        throw new CommandException("-n option not supported or applicable on this architecture or kernel");
                    options.SkipIdle = true;
                    break;
                case 'I': options.StartIp = Address(kernel, value!); break;
                case 'S':
                    // crash reads -S as hexadecimal (htol), with or without 0x.
                    options.StartSp = AddressExpression.ParseHex(value!);
                    ulong sp = options.StartSp.Value;
                    if (sp == 0)
                        throw new CommandException("invalid stack address for this task: 0");
                    break;
                default:
                    throw new CommandException($"option -{letter} is not supported");
            }
            if (overflow || toggle)
                break; // crash acts on -v and -O at once and ignores what follows
        }
        return new Request(options, all, panicOnly, group, cpuSpec, overflow, toggle, searchAll, parsed.Words);
    }

    private static ulong Address(KernelProgram kernel, string word)
    {
        if (AddressExpression.IsHexadecimal(word))
            return AddressExpression.ParseHex(word);
        return AddressExpression.ResolveAddress(word, kernel.SymbolAddress) ?? throw new CommandException($"invalid expression: {word}");
    }

    private List<KObject> Targets(KernelProgram kernel, Request request, IReadOnlyList<string> args)
    {
        var tasks = new List<KObject>();
        if (request.All || request.CpuSpec != null)
        {
            if (request.Group)
                throw new CommandException($"-{(request.All ? 'a' : 'c')} option cannot be used with the -g option");
            IReadOnlyList<ulong> active = global::Crashdive.Helpers.Sched.Runqueues.ActiveTasks(kernel);
            IReadOnlyList<int> cpus = request.CpuSpec != null ? CpuSpec.Parse(request.CpuSpec, active.Count) : Enumerable.Range(0, active.Count).ToList();
            foreach (int c in cpus)
            {
                if (c < active.Count && active[c] != 0)
                    tasks.Add(TaskAt(kernel, active[c]));
            }
            return tasks;
        }
        if (request.PanicOnly || request.Words.Count == 0)
        {
            ulong t = global::Crashdive.Helpers.Sched.Runqueues.PanicTask(kernel);
            if (t == 0 && global::Crashdive.Helpers.Sched.Runqueues.ActiveTasks(kernel) is { Count: > 0 } a)
                t = a[0];
            if (t == 0)
                throw new CommandException("no current task");
            tasks.Add(TaskAt(kernel, t));
        }
        else
        {
            foreach (string word in request.Words)
                tasks.AddRange(Resolve(kernel, word));
        }
        if (request.Group)
        {
            var expanded = new List<KObject>();
            foreach (KObject t in tasks)
                expanded.AddRange(Crashdive.Helpers.Tasks.Tasks.Threads(Crashdive.Helpers.Tasks.Tasks.FindByPid(kernel, Crashdive.Helpers.Tasks.Tasks.Tgid(t)) ?? t));
            tasks = expanded;
        }
        return tasks;
    }

    private static KObject TaskAt(KernelProgram kernel, ulong address) =>
        KObject.Reference(kernel, Crashdive.Helpers.Tasks.Tasks.TaskType(kernel), address);

    // A PID names every task with it (PID 0: the idle task of each CPU), as crash's pid_to_context chain.
    private static IEnumerable<KObject> Resolve(KernelProgram kernel, string word)
    {
        if (AddressExpression.IsDecimal(word) && int.TryParse(word, out int pid))
        {
            var found = new List<KObject>();
            foreach (var entry in Crashdive.Helpers.Tasks.TaskTable.Of(kernel).ByPid(pid))
                found.Add(TaskAt(kernel, entry.Task));
            if (found.Count == 0 && Crashdive.Helpers.Tasks.Tasks.FindByPid(kernel, pid) is KObject t)
                found.Add(t);
            return found.Count > 0 ? found : throw new CommandException($"invalid task or pid value: {word}");
        }
        if (AddressExpression.IsHexadecimal(word))
        {
            ulong address = AddressExpression.ParseHex(word);
            foreach (ulong t in global::Crashdive.Helpers.Sched.Runqueues.ActiveTasks(kernel))
            {
                if (t == address)
                    return [TaskAt(kernel, address)];
            }
            if (Crashdive.Helpers.Tasks.TaskTable.Of(kernel).ByAddress(address) != null)
                return [TaskAt(kernel, address)];
        }
        throw new CommandException($"invalid task or pid value: {word}");
    }
}
