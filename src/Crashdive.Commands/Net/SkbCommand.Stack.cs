using Crashdive.Commands.Tasks;
using Crashdive.Helpers.Net;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Net;

// skb -t / -T: sk_buffs referenced from tasks' kernel stacks.
public sealed partial class SkbCommand
{
    // words null: every task (-T), printing only those with hits; else the tasks named (or the current one).
    private static List<(ulong, string)> TaskStacks(CommandContext context, IReadOnlyList<string>? words, bool listRejected)
    {
        var kernel = context.Kernel;
        var o = context.Out;
        IReadOnlyList<TaskEntry> tasks = words == null ? TaskTable.Of(kernel).Tasks : TaskDisplay.TasksOrCurrent(kernel, words);
        var result = new List<(ulong, string)>();
        bool first = true;
        foreach (TaskEntry entry in tasks)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            KObject task = Helpers.Tasks.Tasks.At(kernel, entry.Task);
            var hits = new List<StackSkb>();
            try
            {
                hits.AddRange(StackSkbs.Scan(kernel, task));
            }
            catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException)
            {
                if (words != null)
                    o.Write($"{(first ? "" : "\n")}{TaskDisplay.Header(entry)}  stack unreadable: {e.Message}\n");
                first = false;
                continue;
            }
            int valid = hits.Count(h => h.Valid);
            if (words == null && valid == 0 && !(listRejected && hits.Count > 0))
                continue;
            o.Write((first ? "" : "\n") + TaskDisplay.Header(entry));
            first = false;
            var seen = new HashSet<ulong>();
            foreach (StackSkb h in hits)
            {
                if (!h.Valid)
                {
                    if (listRejected)
                        o.Write($"  {Frame(h)} [{h.Slot:x}]: {h.Skb:x} rejected: {h.Problem}\n");
                    continue;
                }
                o.Write($"  {Frame(h)} [{h.Slot:x}]: {SkbDisplay.Summary(kernel, h.Skb)}\n");
                if (seen.Add(h.Skb))
                    result.Add((h.Skb, $"referenced from the {h.Where} of pid {entry.Pid} ({entry.Comm})"));
            }
            if (valid == 0)
                o.Write("  no sk_buff pointers on the stack\n");
            int rejected = hits.Count - valid;
            if (rejected > 0 && !listRejected)
                o.Write($"  ({rejected} more stack word{(rejected == 1 ? "" : "s")} point{(rejected == 1 ? "s" : "")} into sk_buff caches without being a live sk_buff: -c lists {(rejected == 1 ? "it" : "them")})\n");
        }
        if (words == null && first)
            o.Write("no task has an sk_buff pointer on its stack\n");
        return result;
    }

    // crash's frame number and function, or where a stale word lies.
    private static string Frame(StackSkb h) =>
        h.Frame >= 0 ? $"#{h.Frame,-2} {h.Function ?? "?"} ({h.Stack.Kind})" : $"stale ({h.Stack.Kind}, below the deepest frame)";
}
