using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

public sealed partial class SigCommand
{
    // crash's UVADDR_PRLEN on x86-64: the width it gives user addresses (handlers) and sigaction addresses
    private const int UvaddrWidth = 10;

    // crash's dump_signal_data for one task: the group level (SIGNAL_STRUCT, dispositions, SHARED_PENDING) and the
    // task level (SIGPENDING, BLOCKED, PRIVATE_PENDING), indented by two under "sig -g"
    private static void Data(KernelProgram kernel, TaskEntry entry, StringBuilder o, bool taskLevel, bool groupLevel, bool indent)
    {
        string pad = indent ? "  " : "";
        KObject task = Helpers.Tasks.Tasks.At(kernel, entry.Task);
        try
        {
            ulong signal = Signals.SignalStruct(task);
            if (groupLevel)
            {
                o.Append(pad).Append($"SIGNAL_STRUCT: {signal:x}  ");
                if (signal == 0)
                {
                    o.Append('\n');
                    return;
                }
                KObject ss = task.Member("signal").Deref();
                if (ss.HasMember("count"))
                    o.Append($"COUNT: {(int)ss.Member("count").ToInt64()}\n");
                else if (ss.HasMember("nr_threads"))
                    o.Append($"NR_THREADS: {(int)ss.Member("nr_threads").ToInt64()}\n");
                else
                    o.Append('\n');
                o.Append(pad).Append(" SIG ").Append(CrashText.Center("SIGACTION", 16)).Append(' ').Append(CrashText.RJust("HANDLER", UvaddrWidth))
                    .Append(' ').Append(CrashText.Center("MASK", 16)).Append(' ').Append(CrashText.LJust("FLAGS", 16)).Append('\n');
                var actions = Signals.Actions(task);
                for (int i = 1; i <= Signals.Count; i++)
                {
                    var a = actions[i - 1];
                    string handler = (long)a.Handler switch
                    {
                        -1 => "SIG_ERR",
                        0 => "SIG_DFL",
                        1 => "SIG_IGN",
                        _ => a.Handler.ToString("x"),
                    };
                    o.Append(pad).Append(i < 10 ? " " : "").Append('[').Append(i).Append("] ");
                    o.Append(CrashText.LJust(a.Address.ToString("x"), UvaddrWidth)).Append(' ').Append(CrashText.RJust(handler, UvaddrWidth))
                        .Append(' ').Append(a.Mask.ToString("x16")).Append(' ').Append(a.Flags.ToString("x")).Append(' ');
                    AppendFlags(o, a.Flags);
                    o.Append('\n');
                }
            }
            if (taskLevel)
            {
                o.Append(pad).Append("SIGPENDING: ").Append(Signals.Pending(task) ? "yes" : "no").Append('\n');
                o.Append(pad).Append("   BLOCKED: ").Append(Signals.Set(task.Member("blocked")).ToString("x16")).Append('\n');
                o.Append(pad).Append("PRIVATE_PENDING\n");
                KObject pending = task.Member("pending");
                o.Append(pad).Append("    SIGNAL: ").Append(Signals.Set(pending.Member("signal")).ToString("x16")).Append('\n');
                AppendQueue(o, pad, Signals.Queue(pending));
            }
            if (groupLevel && signal != 0)
            {
                KObject shared = task.Member("signal").Deref().Member("shared_pending");
                o.Append("SHARED_PENDING\n");
                o.Append(pad).Append("    SIGNAL: ").Append(Signals.Set(shared.Member("signal")).ToString("x16")).Append('\n');
                AppendQueue(o, pad, Signals.Queue(shared));
            }
        }
        catch (Dumps.MemoryFaultException e)
        {
            o.Append($"sig: invalid kernel virtual address: {e.Address:x}\n");
        }
        catch (Exception e) when (e is KernelObjectException or ListWalkException)
        {
            o.Append($"sig: {e.Message}\n");
        }
    }

    private static void AppendFlags(StringBuilder o, ulong flags)
    {
        if (flags == 0)
            return;
        int shown = 0;
        foreach (var (bit, name) in FlagNames)
        {
            if ((flags & bit) == 0)
                continue;
            o.Append(shown == 0 ? "(" : "|").Append(name);
            shown++;
        }
        if (shown > 0)
            o.Append(')');
    }

    private static void AppendQueue(StringBuilder o, string pad, List<Signals.Queued> queue)
    {
        if (queue.Count == 0)
        {
            o.Append(pad).Append("  SIGQUEUE: (empty)\n");
            return;
        }
        o.Append(pad).Append("  SIGQUEUE:  SIG  ").Append(CrashText.Center("SIGINFO", 16)).Append('\n');
        foreach (var q in queue)
            o.Append($"             {q.Signo,3}  {q.Info:x}\n");
    }
}
