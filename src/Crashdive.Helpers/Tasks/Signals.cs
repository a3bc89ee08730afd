using Crashdive.Helpers.Lists;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Tasks;

/// <summary>
/// A task's signal state: the dispositions of its thread group (<c>task-&gt;sighand-&gt;action[]</c>), its blocked set,
/// whether a signal is pending (<c>TIF_SIGPENDING</c>), and the pending sets and queues of the thread
/// (<c>task-&gt;pending</c>) and of the group (<c>signal-&gt;shared_pending</c>). Sets are the first word of a
/// <c>sigset_t</c> (64 signals on x86-64).
/// </summary>
public static class Signals
{
    /// <summary>The number of signals (_NSIG on x86-64).</summary>
    public const int Count = 64;

    /// <summary>Most queued signals read from one pending list (the kernel's RLIMIT_SIGPENDING is far lower in practice).</summary>
    public const int MaxQueued = 1_000_000;

    /// <summary><c>TIF_SIGPENDING</c> on x86-64.</summary>
    private const int TifSigpending = 2;

    /// <summary>One disposition: the <c>k_sigaction</c>'s address and its handler, mask and flags.</summary>
    public readonly record struct Action(ulong Address, ulong Handler, ulong Mask, ulong Flags);

    /// <summary>One queued signal: its number and the address of its <c>siginfo</c>.</summary>
    public readonly record struct Queued(int Signo, ulong Info);

    /// <summary>The first word of a <c>sigset_t</c> object.</summary>
    public static ulong Set(KObject sigset) => sigset.Member("sig").Index(0).ToUInt64();

    /// <summary>The group's <c>struct signal_struct *</c> (0 for none).</summary>
    public static ulong SignalStruct(KObject task) => task.Member("signal").ToUInt64();

    /// <summary>
    /// The dispositions of signals 1..64 from <c>task-&gt;sighand-&gt;action[]</c>, or from <c>signal-&gt;action[]</c>
    /// on kernels without <c>sighand</c>.
    /// </summary>
    public static Action[] Actions(KObject task)
    {
        KObject actions = task.HasMember("sighand")
            ? task.Member("sighand").Deref().Member("action")
            : task.Member("signal").Deref().Member("action");
        var result = new Action[Count];
        for (int i = 0; i < Count; i++)
        {
            KObject sa = actions.Index(i).Member("sa");
            result[i] = new Action(actions.Index(i).Address, sa.Member("sa_handler").ToUInt64(), Set(sa.Member("sa_mask")),
                sa.Member("sa_flags").ToUInt64());
        }
        return result;
    }

    /// <summary>True when the task has <c>TIF_SIGPENDING</c> set (or <c>task-&gt;sigpending</c> on old kernels).</summary>
    public static bool Pending(KObject task)
    {
        if (task.HasMember("sigpending"))
            return task.Member("sigpending").ToInt64() != 0;
        KObject flags = task.HasMember("thread_info")
            ? task.Member("thread_info").Member("flags")
            : KObject.Reference(task.Kernel, task.Kernel.Type("struct thread_info"), task.Member("stack").ToUInt64()).Member("flags");
        return (flags.ToUInt64() & (1UL << TifSigpending)) != 0;
    }

    /// <summary>The signals queued on a <c>struct sigpending</c>, in list order.</summary>
    public static List<Queued> Queue(KObject sigpending)
    {
        var kernel = sigpending.Kernel;
        var type = kernel.Type("struct sigqueue");
        var result = new List<Queued>();
        foreach (KObject q in KernelList.Entries(kernel, sigpending.Member("list").Address, type, "list", maxNodes: MaxQueued))
        {
            KObject info = q.Member("info");
            result.Add(new Queued((int)info.Member("si_signo").ToInt64(), info.Address));
        }
        return result;
    }
}
