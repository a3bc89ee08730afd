using Crashdive.Helpers.Stack;
using Crashdive.Kernel;

namespace Crashdive.Commands.Gdb;

/// <summary>
/// The current task's frames as gdb numbers them (<see cref="GdbFrame"/>), and the one gdb's commands work in:
/// frame 0 until one is chosen, by gdb's <c>frame N</c> (which crash 9 hands to gdb) or by crashdive's own
/// <c>frame N</c>, whose frame (numbered as bt numbers it) is found among gdb's by its pc and stack pointer.
/// Choosing another task with <c>set</c> goes back to frame 0.
/// </summary>
public static class GdbFrames
{
    private sealed class State
    {
        public ulong Task;
        public IReadOnlyList<GdbFrame> Frames = [];
        public int Level;
        public FrameSelection? SeenSelection;
    }

    /// <summary>The frames of the current task, gdb's frame 0 first.</summary>
    public static IReadOnlyList<GdbFrame> All(KernelProgram kernel) => Current(kernel).Frames;

    /// <summary>The frame gdb's commands work in, or null when the current task has no frames.</summary>
    public static GdbFrame? Selected(KernelProgram kernel)
    {
        State s = Current(kernel);
        if (FrameSelection.Current(kernel, s.Task) is FrameSelection chosen && !ReferenceEquals(chosen, s.SeenSelection))
        {
            s.SeenSelection = chosen;
            s.Level = LevelOf(s.Frames, chosen.Registers) ?? s.Level;
        }
        return s.Level < s.Frames.Count ? s.Frames[s.Level] : null;
    }

    /// <summary>Selects gdb frame <paramref name="level"/> of the current task; false when there is no such frame.</summary>
    public static bool Select(KernelProgram kernel, int level)
    {
        State s = Current(kernel);
        s.SeenSelection = FrameSelection.Current(kernel, s.Task);
        if (level < 0 || level >= s.Frames.Count)
            return false;
        s.Level = level;
        return true;
    }

    /// <summary>The outermost gdb frame of the physical frame with <paramref name="registers"/>' pc and stack pointer (pc alone when no stack pointer matches).</summary>
    private static int? LevelOf(IReadOnlyList<GdbFrame> frames, FrameRegisters registers)
    {
        int? byPc = null;
        for (int i = frames.Count - 1; i >= 0; i--)
        {
            FrameRegisters r = frames[i].Registers;
            if (r.Pc != registers.Pc)
                continue;
            if (r.Sp == registers.Sp)
                return OutermostOf(frames, i);
            byPc ??= OutermostOf(frames, i);
        }
        return byPc;
    }

    private static int OutermostOf(IReadOnlyList<GdbFrame> frames, int i)
    {
        while (i + 1 < frames.Count && frames[i + 1].Physical == frames[i].Physical)
            i++;
        return i;
    }

    private static State Current(KernelProgram kernel)
    {
        ulong taskAddress = Tasks.TaskDisplay.CurrentTask(kernel).Task;
        State s = kernel.Cached(static _ => new State());
        lock (s)
        {
            if (s.Task != taskAddress || s.Frames.Count == 0 && s.Task == 0)
            {
                s.Task = taskAddress;
                s.Frames = Build(kernel, taskAddress);
                s.Level = 0;
                s.SeenSelection = FrameSelection.Current(kernel, taskAddress);
            }
        }
        return s;
    }

    private static IReadOnlyList<GdbFrame> Build(KernelProgram kernel, ulong taskAddress)
    {
        KObject task = Helpers.Tasks.Tasks.At(kernel, taskAddress);
        var (physical, fsBase, gsBase) = GdbUnwinder.Unwind(kernel, task);
        var frames = new List<GdbFrame>(physical.Count + 8);
        for (int p = 0; p < physical.Count; p++)
        {
            IReadOnlyList<FrameScopeValues> scopes = FrameVariables.Of(kernel, physical[p]);
            int count = Math.Max(1, scopes.Count);
            for (int i = 0; i < count; i++)
                frames.Add(new GdbFrame(frames.Count, p, physical[p], scopes, i, fsBase, gsBase));
        }
        return frames;
    }
}
