using System.Text.RegularExpressions;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

/// <summary>
/// <c>foreach</c>: runs a task command for each task a set of selectors picks (PIDs, task addresses,
/// command names or 'regex', states, <c>kernel</c>, <c>user</c>, <c>active</c>, <c>gleader</c>). Any registered
/// command can follow; it runs once per task with the task's address as its last argument, except
/// <c>ps</c>, which gets every chosen task in one table as crash prints it.
/// </summary>
public sealed partial class ForeachCommand : ICommand
{
    private static readonly string[] States = ["RU", "IN", "UN", "ST", "ZO", "TR", "SW", "DE", "WA", "PA", "ID", "NE"];

    /// <inheritdoc/>
    public string Name => "foreach";

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var kernel = context.Kernel;
        var commands = CommandRegistry.CreateAll().Where(c => c.Name != Name).ToDictionary(c => c.Name, StringComparer.Ordinal);
        int at = -1;
        for (int i = 0; i < args.Count; i++)
        {
            if (commands.ContainsKey(args[i]))
            {
                at = i;
                break;
            }
        }
        if (at < 0)
            throw new CommandException("no keywords specified");
        var table = TaskTable.Of(kernel);
        var picks = new List<Func<TaskEntry, bool>>();
        bool kernelOnly = false, userOnly = false, activeOnly = false, leadersOnly = false;
        var states = new HashSet<string>();
        foreach (string w in args.Take(at))
        {
            switch (w)
            {
                case "kernel": kernelOnly = true; continue;
                case "user": userOnly = true; continue;
                case "active": activeOnly = true; continue;
                case "gleader": leadersOnly = true; continue;
            }
            if (States.Contains(w))
            {
                states.Add(w);
                continue;
            }
            if (w.Length >= 2 && w[0] == '\'' && w[^1] == '\'')
            {
                var re = new Regex(w[1..^1], RegexOptions.CultureInvariant);
                picks.Add(t => re.IsMatch(t.Comm));
                continue;
            }
            if (TaskDisplay.IsNumber(w) && TaskDisplay.Resolve(kernel, w) is { } found)
            {
                var set = found.Select(f => f.Task).ToHashSet();
                picks.Add(t => set.Contains(t.Task));
                continue;
            }
            string comm = w.StartsWith('\\') ? w[1..] : w;
            if (!table.Tasks.Any(t => t.Comm == comm))
                throw new CommandException($"unknown argument: \"{w}\"");
            picks.Add(t => t.Comm == comm);
        }
        var chosen = new List<TaskEntry>();
        foreach (var t in table.Tasks)
        {
            if (picks.Count > 0 && !picks.Any(p => p(t)))
                continue;
            if (kernelOnly && !t.IsKernelThread || userOnly && t.IsKernelThread)
                continue;
            if (activeOnly && !TaskDisplay.IsActive(kernel, t.Task))
                continue;
            if (leadersOnly && t.Pid != t.Tgid)
                continue;
            if (states.Count > 0 && !states.Contains(TaskState.Letters(TaskState.Of(Helpers.Tasks.Tasks.At(kernel, t.Task)))))
                continue;
            chosen.Add(t);
        }
        string name = args[at];
        var rest = args.Skip(at + 1).ToList();
        var command = commands[name];
        if (name == "ps")
        {
            if (chosen.Count > 0 || rest.Any(r => r.StartsWith('-')))
                command.Execute(context, [.. rest, .. chosen.Select(t => t.Task.ToString("x"))]);
            return;
        }
        if (name == "sig")
        {
            // crash's foreach sig: foreach prints each task's header, sig its data; -g once per thread group
            if (rest.Any(r => r is "-l" or "-s" || r.StartsWith("-s", StringComparison.Ordinal)))
                throw new CommandException("sig: -l and -s options are not applicable");
            bool group = rest.Contains("-g");
            var groups = new HashSet<ulong>();
            for (int i = 0; i < chosen.Count; i++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                SigCommand.ForeachOne(context, chosen[i], group, groups, i > 0);
            }
            return;
        }
        ulong? saved = kernel.CurrentTask;
        try
        {
            // with a reference (-R) crash prints no task headers: only the tasks that hold it show up
            bool reference = rest.Any(r => r.StartsWith("-R", StringComparison.Ordinal));
            for (int i = 0; i < chosen.Count; i++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                if (reference)
                {
                    var one = new StringWriter();
                    try
                    {
                        command.Execute(new CommandContext(kernel, one, context.Cancellation), [.. rest, chosen[i].Task.ToString("x")]);
                    }
                    catch (CommandException e) when (e is not CommandUsageException)
                    {
                        one.Write($"{name}: {e.Message}\n");
                    }
                    context.Out.Write(one.ToString());
                    continue;
                }
                if (i > 0)
                    context.Out.Write('\n');
                if (name == "set")
                    context.Out.Write(TaskDisplay.Header(chosen[i]));
                try
                {
                    command.Execute(context, [.. rest, chosen[i].Task.ToString("x")]);
                }
                catch (CommandException e) when (e is not CommandUsageException)
                {
                    context.Out.Write($"{name}: {e.Message}\n");
                }
            }
        }
        finally
        {
            if (name == "set")
                kernel.CurrentTask = saved;
        }
    }
}
