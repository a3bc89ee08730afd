namespace Crashdive.Helpers.Tasks;

/// <summary>
/// A task's state (<c>__state | exit_state</c>) in crash's words: the two-letter code of <c>ps</c> (RU, IN,
/// UN, ID, ZO, ST, TR, DE, SW, PA, WA, NE) and the long form of <c>set</c> (TASK_RUNNING...).
/// </summary>
/// <remarks>
/// The bit values are the kernel's since 4.14 (include/linux/sched.h): crash 8 derives the same ones
/// from <c>task_state_array</c> plus the bits that array does not list (TASK_DEAD 0x80, TASK_WAKEKILL
/// 0x100, TASK_WAKING 0x200, TASK_NOLOAD 0x400, TASK_NEW 0x800). They did not move up to 6.12.
/// </remarks>
public static class TaskState
{
    /// <summary>TASK_INTERRUPTIBLE.</summary>
    public const ulong Interruptible = 0x1;
    /// <summary>TASK_UNINTERRUPTIBLE.</summary>
    public const ulong Uninterruptible = 0x2;
    /// <summary>__TASK_STOPPED.</summary>
    public const ulong Stopped = 0x4;
    /// <summary>__TASK_TRACED.</summary>
    public const ulong Traced = 0x8;
    /// <summary>EXIT_DEAD | TASK_DEAD, what crash calls _DEAD_.</summary>
    public const ulong Dead = 0x10 | 0x80;
    /// <summary>EXIT_ZOMBIE.</summary>
    public const ulong Zombie = 0x20;
    /// <summary>TASK_PARKED.</summary>
    public const ulong Parked = 0x40;
    /// <summary>TASK_WAKEKILL.</summary>
    public const ulong WakeKill = 0x100;
    /// <summary>TASK_WAKING.</summary>
    public const ulong Waking = 0x200;
    /// <summary>TASK_NOLOAD (with TASK_UNINTERRUPTIBLE: TASK_IDLE).</summary>
    public const ulong NoLoad = 0x400;
    /// <summary>TASK_NEW.</summary>
    public const ulong New = 0x800;

    /// <summary><c>__state | exit_state</c> of the task, as crash's <c>task_state()</c>.</summary>
    public static ulong Of(Crashdive.Kernel.KObject task) => Tasks.State(task) | Tasks.ExitState(task);

    /// <summary>crash's two-letter state (<c>task_state_string</c>, not verbose); "??" when no rule matches.</summary>
    public static string Letters(ulong state)
    {
        // crash tests the rules in this order, each match overwriting the previous one.
        string s = "??";
        bool set = false;
        if (state == 0)
            s = "RU";
        if ((state & Interruptible) != 0) { s = "IN"; set = true; }
        if ((state & Uninterruptible) != 0) { s = (state & NoLoad) != 0 ? "ID" : "UN"; set = true; }
        if ((state & Zombie) != 0) { s = "ZO"; set = true; }
        if ((state & Stopped) != 0) { s = "ST"; set = true; }
        if ((state & Traced) != 0) { s = "TR"; set = true; }
        if ((state & Dead) != 0 && !set) s = "DE";
        if (state == Parked) s = "PA";
        if (state == Waking) s = "WA";
        if (state == New) s = "NE";
        return s;
    }

    /// <summary>crash's verbose state (<c>task_state_string_verbose</c>): TASK_RUNNING, TASK_INTERRUPTIBLE|..., TASK_PARKED.</summary>
    public static string Verbose(ulong state)
    {
        if (state == 0)
            return "TASK_RUNNING";
        var parts = new List<string>(4);
        if ((state & Interruptible) != 0) parts.Add("TASK_INTERRUPTIBLE");
        if ((state & Uninterruptible) != 0) parts.Add("TASK_UNINTERRUPTIBLE");
        if ((state & Stopped) != 0) parts.Add("TASK_STOPPED");
        if ((state & Traced) != 0) parts.Add("TASK_TRACED");
        ulong dead = state & Dead;
        if (dead != 0) parts.Add(ulong.PopCount(dead) > 1 ? "EXIT_DEAD|TASK_DEAD" : "EXIT_DEAD");
        if ((state & Zombie) != 0) parts.Add("EXIT_ZOMBIE");
        if ((state & Waking) != 0) parts.Add("TASK_WAKING");
        if ((state & WakeKill) != 0) parts.Add("TASK_WAKEKILL");
        if ((state & NoLoad) != 0) parts.Add("TASK_NOLOAD");
        if ((state & New) != 0) parts.Add("TASK_NEW");
        if (state == Parked)
            return "TASK_PARKED";
        return string.Join('|', parts);
    }
}
