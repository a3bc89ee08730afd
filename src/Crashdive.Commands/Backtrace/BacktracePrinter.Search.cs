using Crashdive.Dumps;
using Crashdive.Helpers.Code;
using Crashdive.Helpers.Stack;
using Crashdive.Kernel;

namespace Crashdive.Commands.Backtrace;

internal static partial class BacktracePrinter
{
    /// <summary>
    /// The frames <c>bt</c> shows for <paramref name="task"/>: the ORC unwind (from -I ip / -S sp when
    /// given), or with -o crash's old method on top of it.
    /// </summary>
    public static Helpers.Stack.Backtrace Trace(KernelProgram kernel, KObject task, int cpu, BtOptions options)
    {
        Helpers.Stack.Backtrace bt = options.StartIp != null || options.StartSp != null
            ? FromStart(kernel, task, cpu, options.StartIp, options.StartSp)
            : TaskBacktrace.Of(kernel, task);
        return options.OldMethod ? StackTextTrace.Of(kernel, bt) : bt;
    }

    // -I ip / -S sp: crash's hook. With both, "#0 [sp] function at ip" and the unwind from there: a
    // return address when the slot at sp holds ip, else ip as the instruction running with that stack
    // pointer. With -S alone the slot's return address is the start; with -I alone the stack pointer
    // of the task's usual first frame.
    private static Helpers.Stack.Backtrace FromStart(KernelProgram kernel, KObject task, int cpu, ulong? ip, ulong? sp)
    {
        IReadOnlyList<StackRegion> stacks = KernelStacks.All(kernel, task, cpu);
        StackRegion process = stacks[0];
        Helpers.Stack.Backtrace? usual = null;
        if (sp == null)
        {
            usual = TaskBacktrace.Of(kernel, task);
            if (usual.Frames.Count == 0)
                throw new CommandException("cannot determine a starting stack address for this task");
            sp = usual.Frames[0].Slot;
        }
        ulong slot = sp.Value;
        if (StackUnwinder.Find(stacks, slot) == null)
            throw new CommandException($"non-process stack address for this task: {slot:x}\n    (valid range: {process.Start:x} - {process.End:x})");
        bool haveWord = kernel.Memory.TryReadPointer(slot, out ulong word);
        if (ip == null)
        {
            if (!haveWord || !StackUnwinder.IsKernelText(kernel, word))
                throw new CommandException($"no kernel text address at stack address {slot:x}");
            ip = word;
        }
        // The same start as the usual trace's frame: keep that unwind, which knows the registers.
        usual ??= TaskBacktrace.Of(kernel, task);
        for (int i = 0; i < usual.Frames.Count; i++)
        {
            if (usual.Frames[i].Slot == slot && usual.Frames[i].Pc == ip)
                return usual with { Frames = usual.Frames.Skip(i).ToList() };
        }
        var start = haveWord && word == ip
            ? new StackUnwinder.Start(ip.Value, slot + 8, 0, slot, true, null)
            : new StackUnwinder.Start(ip.Value, slot, 0, slot, false, null);
        return StackUnwinder.Unwind(kernel, stacks, start);
    }

    /// <summary>bt -e on one stack: every exception frame found, in crash's x86_64_eframe_search layout; returns how many.</summary>
    public static int PrintExceptionSearch(KernelProgram kernel, StackRegion stack, int exceptionStackIndex, BtOptions options, TextWriter output,
        BtReference? reference = null)
    {
        IReadOnlyList<PtRegs> found = ExceptionFrameSearch.Search(kernel, stack, exceptionStackIndex);
        foreach (PtRegs r in found)
        {
            output.Write($"\n  {(r.IsUserMode ? "USER" : "KERNEL")}-MODE EXCEPTION FRAME AT: {r.Address:x}\n");
            PrintRegisters(kernel, r, options, output);
            reference?.CheckRegisters(r);
        }
        return found.Count;
    }

    /// <summary>bt -E: the IRQ stack of each CPU, then each CPU's exception stacks, searched for exception frames.</summary>
    public static void PrintExceptionStackSearch(KernelProgram kernel, IReadOnlyList<int> cpus, BtOptions options, TextWriter output)
    {
        foreach (int c in cpus)
        {
            if (KernelStacks.Irq(kernel, c) is not StackRegion irq)
                break;
            output.Write($"CPU {c} IRQ STACK:\n");
            output.Write(PrintExceptionSearch(kernel, irq, -1, options, output) > 0 ? "\n" : "(none found)\n\n");
        }
        foreach (int c in cpus)
        {
            IReadOnlyList<StackRegion> stacks = KernelStacks.Exception(kernel, c);
            for (int i = 0; i < stacks.Count; i++)
            {
                // crash stops at a stack that is not mapped (the VC stacks without SEV-ES).
                if (!kernel.Memory.TryRead(stacks[i].Start, out byte _))
                    break;
                output.Write($"CPU {c} {stacks[i].Kind} EXCEPTION STACK:\n");
                output.Write(PrintExceptionSearch(kernel, stacks[i], i, options, output) > 0 ? "\n" : "(none found)\n\n");
            }
        }
    }

    /// <summary>bt -v: crash's check_stack_overflow report.</summary>
    public static void PrintOverflowCheck(KernelProgram kernel, TextWriter output, CancellationToken cancel)
    {
        int cpus = global::Crashdive.Helpers.Sched.Runqueues.CpuCount(kernel);
        IReadOnlyList<StackOverflowCheck.Finding> findings = StackOverflowCheck.Check(kernel, cpus, cancel);
        foreach (var f in findings)
        {
            output.Write($"PID: {f.Task.Pid,-7}  TASK: {f.Task.Task:x}  CPU: {f.Task.Cpu,-3}  COMMAND: \"{f.Task.Comm}\"\n");
            foreach (string p in f.Problems)
                output.Write($"  {p}\n");
            output.Write('\n');
        }
        if (findings.Count == 0)
            output.Write("No stack overflows detected\n");
    }
}
