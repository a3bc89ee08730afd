using Crashdive.Commands.Arguments;
using Crashdive.Dumps;
using Crashdive.Helpers.Stack;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Backtrace;

/// <summary><c>bt</c>: kernel-stack backtraces of tasks, in crash's layout, unwound with the kernel's ORC tables.</summary>
public sealed class BtCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-a|-c cpu(s)|-g|-r|-t|-T|-l|-e|-E|-f|-F|-o|-O|-v|-p] [-x|-d] [-R ref] [-I ip] [-S sp] [pid | task]";

    /// <inheritdoc/>
    public string Name => "bt";

    /// <inheritdoc/>
    public string Summary => "backtrace";

    /// <inheritdoc/>
    public string Help => $"""
        NAME
          bt - backtrace

        SYNOPSIS
          bt {Synopsis}

        DESCRIPTION
          Display a kernel stack backtrace.  If no arguments are given, the stack
          trace of the current context (the panic task) will be displayed.

               -a  displays the stack traces of the active task on each CPU.
          -c cpu  display the stack trace of the active task on one or more CPUs
                  (a list such as 1,3 or a range such as 1-3).
               -p  display the stack trace of the panic task only.
               -g  displays the stack traces of all threads in the thread group of
                   the target task.
               -r  display raw stack data, consisting of a memory dump of the two
                   pages of memory containing the task_union structure.
               -t  display all text symbols found from the last known stack location
                   to the top of the stack.
               -T  display all text symbols found from just above the task_struct or
                   thread_info to the top of the stack.
               -l  show file and line number of each stack trace text location.
               -f  display all stack data contained in a frame.
               -F  like -f, but kernel symbols are shown by name (-FF: the same).
               -s  display the symbol name plus its offset.
               -x  when displaying a symbol offset with the -s option, override the
                   default output format with hexadecimal format.
               -d  when displaying a symbol offset with the -s option, override the
                   default output format with decimal format.
           -R ref  display stack trace only if there is a reference to this symbol
                   or text address.
          pid      a process PID.
          task     a hexadecimal task_struct pointer.

          Frames come from the kernel's ORC unwind tables (vmlinux and modules), so
          stale return addresses left on the stack are not shown as frames, and
          exception frames (pt_regs) and the IRQ and exception stacks are crossed
          with crash's "--- <IRQ stack> ---" markers. Where a walk cannot go on (a
          corrupt stack pointer, a loop, no unwind data) the last line says where
          and why it stopped. Not supported yet: -e, -E, -v, -n, -o, -O, -I, -S.

        EXAMPLES
          bt
          bt -a
          bt -l 1
          bt -f ffff8df9c11fb000
        """;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt("D:fFI:S:c:aAloeEgstTdxR:Ovpn:r").Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nbt: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        var options = new BtOptions();
        bool all = false, panicOnly = false, group = false;
        string? cpuSpec = null;
        foreach (var (letter, value) in parsed.Options)
        {
            switch (letter)
            {
                case 'a': all = true; break;
                case 'c': cpuSpec = value; break;
                case 'p': panicOnly = true; break;
                case 'g': group = true; break;
                case 'f': options.Full = true; break;
                case 'F': options.Full = true; options.Symbolic = true; break;
                case 'l': options.Lines = true; break;
                case 's': options.SymbolOffset = true; break;
                case 'x': options.Hex = true; break;
                case 'd': options.Hex = false; break;
                case 't': options.TextSymbols = true; break;
                case 'T': options.TextSymbols = true; options.FromBottom = true; break;
                case 'r': options.Raw = true; break;
                case 'R': options.Reference = value; break;
                default:
                    throw new CommandException($"option -{letter} is not supported yet");
            }
        }
        KernelProgram kernel = context.Kernel;
        var tasks = new List<KObject>();
        if (all || cpuSpec != null)
        {
            IReadOnlyList<ulong> active = global::Crashdive.Helpers.Sched.Runqueues.ActiveTasks(kernel);
            IReadOnlyList<int> cpus = cpuSpec != null ? CpuSpec.Parse(cpuSpec, active.Count) : Enumerable.Range(0, active.Count).ToList();
            foreach (int c in cpus)
            {
                if (c < active.Count && active[c] != 0)
                    tasks.Add(TaskAt(kernel, active[c]));
            }
        }
        else if (panicOnly || parsed.Words.Count == 0)
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
            foreach (string word in parsed.Words)
                tasks.Add(Resolve(kernel, word));
        }
        if (group)
        {
            var expanded = new List<KObject>();
            foreach (KObject t in tasks)
                expanded.AddRange(Crashdive.Helpers.Tasks.Tasks.Threads(Crashdive.Helpers.Tasks.Tasks.FindByPid(kernel, Crashdive.Helpers.Tasks.Tasks.Tgid(t)) ?? t));
            tasks = expanded;
        }
        bool first = true;
        foreach (KObject task in tasks)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var text = new StringWriter { NewLine = "\n" };
            BacktracePrinter.Print(kernel, task, options, text);
            string block = text.ToString();
            if (options.Reference != null && !block.Contains(options.Reference, StringComparison.Ordinal))
                continue;
            if (!first)
                context.Out.Write('\n');
            context.Out.Write(block);
            first = false;
        }
    }

    private static KObject TaskAt(KernelProgram kernel, ulong address) =>
        KObject.Reference(kernel, Crashdive.Helpers.Tasks.Tasks.TaskType(kernel), address);

    private static KObject Resolve(KernelProgram kernel, string word)
    {
        if (AddressExpression.IsDecimal(word) && int.TryParse(word, out int pid))
        {
            if (pid == 0 && global::Crashdive.Helpers.Sched.Runqueues.ActiveTasks(kernel) is { Count: > 0 } a && a[0] != 0)
                return TaskAt(kernel, kernel.Variable("init_task").Address);
            return Crashdive.Helpers.Tasks.Tasks.FindByPid(kernel, pid) ?? throw new CommandException($"invalid task or pid value: {word}");
        }
        if (AddressExpression.IsHexadecimal(word))
        {
            ulong address = AddressExpression.ParseHex(word);
            foreach (ulong t in global::Crashdive.Helpers.Sched.Runqueues.ActiveTasks(kernel))
            {
                if (t == address)
                    return TaskAt(kernel, address);
            }
            foreach (KObject t in Crashdive.Helpers.Tasks.Tasks.All(kernel))
            {
                if (t.Address == address)
                    return t;
            }
        }
        throw new CommandException($"invalid task or pid value: {word}");
    }
}
