using System.Text;
using System.Text.RegularExpressions;
using Crashdive.Commands.Arguments;
using Crashdive.Dumps;
using Crashdive.Helpers.Mm;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

/// <summary>
/// <c>ps</c>: process status in crash's layout, over every task in the kernel's task lists (not the
/// PID hash, which crash 8.0.2 misreads on Debian's 6.1 kernel and then shows 3 tasks).
/// </summary>
public sealed partial class PsCommand : ICommand
{
    private const string Exclusive = "-a, -t, -c, -p, -g, -l, -m, -S, -r and -A flags are all mutually-exclusive";

    /// <summary>The one-of-a-kind views (crash's PS_EXCLUSIVE flags).</summary>
    private enum View { Table, Args, Times, Children, Parents, Threads, LastRun, Msecs, Summary, Rlimit, Active }

    private static readonly string[] PolicyNames = ["NORMAL", "FIFO", "RR", "BATCH", "ISO", "IDLE", "DEADLINE"];

    /// <inheritdoc/>
    public string Name => "ps";

    private sealed class Options
    {
        public bool Kernel, User, Group, KStackP;
        public View View = View.Table;
        public ulong? PolicyMask;
        public IReadOnlyList<int>? Cpus;
    }

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandUsageException(parsed.Errors[0]);
        var kernel = context.Kernel;
        var o = new Options();
        string? cpuSpec = null;
        foreach (var opt in parsed.Options)
        {
            switch (opt.Letter)
            {
                case 'k':
                    if (o.User)
                        throw new CommandException("-u and -k are mutually exclusive");
                    o.Kernel = true;
                    break;
                case 'u':
                    if (o.Kernel)
                        throw new CommandException("-u and -k are mutually exclusive");
                    o.User = true;
                    break;
                case 'G': o.Group = true; break;
                case 's': o.KStackP = true; break;
                case 'g': SetView(o, View.Threads); break;
                case 'a': SetView(o, View.Args); break;
                case 't': SetView(o, View.Times); break;
                case 'c': SetView(o, View.Children); break;
                case 'p': SetView(o, View.Parents); break;
                case 'm': SetView(o, View.Msecs); break;
                case 'l': SetView(o, View.LastRun); break;
                case 'r': SetView(o, View.Rlimit); break;
                case 'S': SetView(o, View.Summary); break;
                case 'A': SetView(o, View.Active); break;
                case 'C': cpuSpec = opt.Value!; break;
                case 'y': o.PolicyMask = ParsePolicy(opt.Value!); break;
            }
        }
        if (cpuSpec != null)
            o.Cpus = CpuSpec.Parse(cpuSpec, Crashdive.Helpers.Sched.Runqueues.CpuCount(kernel));
        if (o.Group && o.View is View.LastRun or View.Msecs)
            throw new CommandException($"-G not supported with -{(o.View == View.LastRun ? 'l' : 'm')} option");

        var table = TaskTable.Of(kernel);
        IReadOnlyList<TaskEntry> all = table.Tasks;
        if (o.View is View.LastRun or View.Msecs)
            all = [.. all.OrderByDescending(t => LastRun(kernel, t))]; // stable: ties keep PID order
        else if (o.Cpus != null)
        {
            context.Out.Write("ps: -C option is only applicable with -l and -m\n");
            return;
        }

        var sb = new StringBuilder(4096);
        bool showAll = parsed.Words.Count == 0;
        bool header = o.View is View.Table or View.Active;
        if (header)
            sb.Append(o.KStackP ? "      PID    PPID  CPU      KSTACKP      ST  %MEM      VSZ      RSS  COMM\n"
                                : "      PID    PPID  CPU       TASK        ST  %MEM      VSZ      RSS  COMM\n");
        if (showAll)
        {
            if (o.View == View.Times)
                Times(kernel, all, o, sb);
            else if (o.View == View.Summary)
            {
                if (o.User || o.Kernel || o.Group)
                    throw new CommandException("-S option cannot be used with other options");
                StateSummary(kernel, all, sb);
            }
            else if (o.Cpus != null)
                PerCpu(kernel, all, o, sb);
            else
            {
                var shownGroups = new HashSet<ulong>();
                foreach (var t in all)
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    Show(kernel, t, o, sb, showAll: true, shownGroups, specified: false);
                }
            }
            foreach (string problem in table.Problems)
                sb.Append("ps: ").Append(problem).Append('\n');
            context.Out.Write(sb);
            return;
        }

        if (o.View == View.Summary)
            throw new CommandException("-S option takes no arguments");
        if (o.Cpus != null)
            context.Out.Write("ps: -C option is not applicable with specified tasks\n");
        var selectors = new List<Func<TaskEntry, bool>>();
        var errors = new StringBuilder();
        foreach (string w in parsed.Words)
        {
            if (TaskDisplay.IsNumber(w))
            {
                var found = TaskDisplay.Resolve(kernel, w);
                if (found == null)
                {
                    errors.Append($"ps: invalid task or pid value: {w}\n\n");
                    continue;
                }
                var set = found.Select(f => f.Task).ToHashSet();
                // crash selects by PID (every task with it) or by address (that one task).
                selectors.Add(found.Count > 1 || found[0].Pid.ToString() == w ? t => t.Pid == found[0].Pid : t => set.Contains(t.Task));
            }
            else if (w.Length >= 2 && w[0] == '\'' && w[^1] == '\'')
            {
                Regex re;
                try
                {
                    re = new Regex(w[1..^1], RegexOptions.CultureInvariant);
                }
                catch (ArgumentException)
                {
                    throw new CommandException($"invalid regular expression: {w[1..^1]}");
                }
                selectors.Add(t => re.IsMatch(t.Comm) && (!(o.Group || o.View == View.Threads) || t.Pid == t.Tgid));
            }
            else
            {
                string comm = w[0] == '\\' ? w[1..] : w;
                if (comm.Length > 15)
                    comm = comm[..15];
                selectors.Add(t => t.Comm == comm && (!(o.Group || o.View == View.Threads) || t.Pid == t.Tgid));
            }
        }
        context.Out.Write(errors);
        var groups = new HashSet<ulong>();
        foreach (var t in all)
        {
            foreach (var sel in selectors)
            {
                if (!sel(t))
                    continue;
                if (o.View == View.Times)
                    Times(kernel, [t], o, sb);
                else
                    Show(kernel, t, o, sb, showAll: false, groups, specified: true);
            }
        }
        context.Out.Write(sb);
    }

    private static void SetView(Options o, View v)
    {
        if (o.View != View.Table && o.View != v)
            throw new CommandException(Exclusive);
        o.View = v;
    }

    private static ulong ParsePolicy(string spec)
    {
        ulong mask = 0;
        foreach (string part in spec.Split(','))
        {
            string upper = part.ToUpperInvariant();
            bool found = false;
            for (int i = 0; i < PolicyNames.Length; i++)
            {
                if (upper.StartsWith(PolicyNames[i], StringComparison.Ordinal) || upper == i.ToString() || upper == $"0X{i:X}")
                {
                    mask |= 1UL << i;
                    found = true;
                    break;
                }
            }
            if (!found)
                throw new CommandException($"{part}: invalid scheduling policy");
        }
        return mask;
    }

    private static ulong LastRun(KernelProgram kernel, TaskEntry t)
    {
        try
        {
            return Helpers.Tasks.Tasks.LastRun(Helpers.Tasks.Tasks.At(kernel, t.Task));
        }
        catch (MemoryFaultException)
        {
            return 0;
        }
    }

    /// <summary>VSZ and RSS in pages and %MEM of one task, as crash's <c>get_task_mem_usage()</c>.</summary>
    internal static (ulong TotalVm, ulong Rss, double Pct) MemUsage(KernelProgram kernel, TaskEntry t)
    {
        if (t.Mm == 0)
            return (0, 0, 0);
        KObject task = Helpers.Tasks.Tasks.At(kernel, t.Task);
        ulong state = TaskState.Of(task);
        if ((state & TaskState.Zombie) != 0 || (Helpers.Tasks.Tasks.Flags(task) & Helpers.Tasks.Tasks.PfExiting) != 0)
            return (0, 0, 0);
        ulong rss = MmRss.Of(kernel).Pages(t.Mm);
        ulong vm = MmCounters.TotalVm(kernel, t.Mm);
        if (t.IsKernelThread && rss == 0)
            return (vm, 0, 0);
        ulong total = MmCounters.TotalPages(kernel);
        return (vm, rss, total == 0 ? 0 : rss * 100.0 / total);
    }
}
