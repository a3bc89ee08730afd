using Crashdive.Helpers.Slab;
using Crashdive.Helpers.Stack;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Net;

/// <summary>
/// sk_buffs referenced from a task's kernel stacks: every aligned word of the task's stack (and, for a
/// task running on a CPU, that CPU's IRQ and exception stacks) whose value points into an object of
/// <c>skbuff_head_cache</c> or <c>skbuff_fclone_cache</c> (found through the slab page, as
/// <c>kmem -s</c> does), placed in the backtrace frame whose stack area holds it. A candidate is a live
/// sk_buff when it is the start of an allocated object (or the second sk_buff of an fclone pair) and its
/// fields pass <see cref="SkbChecks"/>; the others are reported with what is wrong. This is a stack scan,
/// independent of any unwinding of locals: a word can be a stale copy left by an earlier call.
/// </summary>
public static class StackSkbs
{
    /// <summary>The slab caches sk_buffs are allocated from (net/core/skbuff.c).</summary>
    public static readonly IReadOnlyList<string> Caches = ["skbuff_head_cache", "skbuff_fclone_cache"];

    /// <summary>
    /// Every stack word of <paramref name="task"/> (a <c>struct task_struct</c>) pointing into an sk_buff
    /// cache, in stack order (process stack first, lowest address first). An unreadable stack yields nothing
    /// for that stack.
    /// </summary>
    public static IEnumerable<StackSkb> Scan(KernelProgram kernel, KObject task)
    {
        int cpu = Sched.Runqueues.ActiveCpu(kernel, task.Address);
        IReadOnlyList<StackRegion> stacks = KernelStacks.All(kernel, task, cpu);
        IReadOnlyList<StackFrame> frames;
        try
        {
            frames = TaskBacktrace.Of(kernel, task).Frames;
        }
        catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException)
        {
            frames = [];
        }
        var seen = new Dictionary<ulong, (SlabObject? Object, string? Problem)>();
        foreach (StackRegion stack in stacks)
        {
            ulong size = stack.End - stack.Start;
            if (stack.End <= stack.Start || size > 1 << 20)
                continue;
            var buffer = new byte[size];
            int got = kernel.Memory.Space.Read(stack.Start, buffer);
            for (int at = 0; at + 8 <= got; at += 8)
            {
                ulong value = BitConverter.ToUInt64(buffer, at);
                if ((value & 7) != 0 || value < 0xff00_0000_0000_0000UL)
                    continue;
                if (!seen.TryGetValue(value, out var found))
                {
                    found = Classify(kernel, value);
                    seen[value] = found;
                }
                if (found.Object is not SlabObject o)
                    continue;
                ulong slot = stack.Start + (ulong)at;
                int frame = FrameOf(frames, stack, slot);
                string? function = frame >= 0 ? Symbol(kernel, frames[frame].Pc) : null;
                yield return new StackSkb(slot, value, stack, frame, function, o.CacheName, found.Problem);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="value"/> is in an sk_buff cache (Object null when not), and when it is, why it
    /// is not a live sk_buff (null Problem when it is one).
    /// </summary>
    public static (SlabObject? Object, string? Problem) Classify(KernelProgram kernel, ulong value)
    {
        SlabObject? o;
        try
        {
            o = SlabObjects.Find(kernel, value);
        }
        catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException or SlabException)
        {
            return (null, null);
        }
        if (o == null || !IsSkbCache(o.CacheName))
            return (null, null);
        ulong skbSize = kernel.Type("struct sk_buff").Size ?? 0;
        ulong offset = value - o.Address;
        // sk_buff_fclones: skb1, skb2, fclone_ref; a pointer to either sk_buff is one
        bool start = offset == 0 || (o.CacheName == "skbuff_fclone_cache" && offset == FcloneSecond(kernel, skbSize));
        if (!start)
            return (o, $"points {offset} bytes into a {o.CacheName} object at 0x{o.Address:x}, not at an sk_buff");
        try
        {
            if (SlabObjects.IsFree(kernel, o))
                return (o, $"a free object of {o.CacheName} (on the slab's free list)");
        }
        catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException or SlabException)
        {
            return (o, $"the free list of its slab 0x{o.Slab:x} cannot be walked: {e.Message}");
        }
        try
        {
            SkbLayout s = SkBuffs.Read(kernel, value);
            if (SkbChecks.Refusal(s) is string r)
                return (o, r);
        }
        catch (Dumps.MemoryFaultException e)
        {
            return (o, $"unreadable: {e.Message}");
        }
        return (o, null);
    }

    /// <summary>True for the name of a cache sk_buffs come from.</summary>
    public static bool IsSkbCache(string name) => name is "skbuff_head_cache" or "skbuff_fclone_cache";

    private static ulong FcloneSecond(KernelProgram kernel, ulong skbSize) =>
        kernel.FindType("struct sk_buff_fclones")?.Underlying() is StructType st && st.FindMember("skb2") is MemberLookup m
            ? m.BitOffset / 8 : skbSize;

    // The frame whose area holds the slot, as bt -f prints them: frames[i] covers (Slot_i, Slot_i+1] on the
    // same stack (its function's locals and saved registers sit above the return address it pushed, and
    // the next return address closes it); the deepest frame also owns its own slot, the last one on a
    // stack everything up to the stack's end. Below the deepest frame on that stack: -1 (stale).
    /// <summary>The index of the frame of <paramref name="frames"/> whose stack area holds <paramref name="slot"/> on <paramref name="stack"/>, or -1 below the deepest one.</summary>
    public static int FrameOf(IReadOnlyList<StackFrame> frames, StackRegion stack, ulong slot)
    {
        int best = -1;
        for (int i = 0; i < frames.Count; i++)
        {
            var f = frames[i];
            if (!stack.Contains(f.Slot) || f.Stack is StackRegion r && r.Start != stack.Start)
                continue;
            if (f.Slot < slot || (f.Slot == slot && best < 0))
                best = i;
        }
        return best;
    }

    private static string? Symbol(KernelProgram kernel, ulong pc) =>
        Code.KernelCode.Symbol(kernel, pc) is var (name, offset) ? $"{name}+0x{offset:x}" : null;
}
