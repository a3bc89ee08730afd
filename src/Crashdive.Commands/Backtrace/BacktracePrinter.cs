using Crashdive.Dumps;
using Crashdive.Helpers.Code;
using Crashdive.Helpers.Stack;
using Crashdive.Helpers.Tasks;
using Crashdive.Helpers.Slab;
using Crashdive.Kernel;

namespace Crashdive.Commands.Backtrace;

/// <summary>Writes one task's backtrace in crash's layout (x86_64_print_stack_entry, x86_64_exception_frame).</summary>
internal static partial class BacktracePrinter
{
    /// <summary>
    /// Writes the header and the trace of <paramref name="task"/>; returns true when the trace refers to
    /// <see cref="BtOptions.Reference"/> (always true without one).
    /// </summary>
    public static bool Print(KernelProgram kernel, KObject task, BtOptions options, TextWriter output)
    {
        int cpu = global::Crashdive.Helpers.Sched.Runqueues.ActiveCpu(kernel, task.Address);
        int shownCpu = cpu >= 0 ? cpu : SafeCpu(task);
        output.Write($"PID: {Crashdive.Helpers.Tasks.Tasks.Pid(task),-7}  TASK: {task.Address:x}  CPU: {shownCpu,-3}  COMMAND: \"{Crashdive.Helpers.Tasks.Tasks.Comm(task)}\"\n");
        var reference = options.Reference != null ? new BtReference(kernel, options.Reference) : null;
        if (options.Raw)
        {
            PrintRaw(kernel, task, options.StartSp, output);
            return reference == null;
        }
        if (options.ExceptionSearch)
        {
            PrintExceptionSearch(kernel, KernelStacks.Process(kernel, task), -1, options, output, reference);
            return reference?.Found ?? true;
        }
        Helpers.Stack.Backtrace bt = Trace(kernel, task, cpu, options);
        if (options.SkipIdle && cpu >= 0 && Crashdive.Helpers.Tasks.Tasks.Pid(task) == 0 && bt.Frames.Count > 0
            && KernelCode.Symbol(kernel, bt.Frames[0].Pc) is ("crash_nmi_callback", _))
            return reference == null; // crash's -n idle: the idle task stopped by the crash NMI shows only its header
        if (options.TextSymbols)
        {
            PrintTextSymbols(kernel, task, cpu, bt, options, output);
            reference?.Check(bt);
            return reference?.Found ?? true;
        }
        reference?.Check(bt);
        ModuleText modules = ModuleText.Of(kernel);
        ulong? frameStart = null;
        StackRegion? frameStack = null;
        for (int level = 0; level < bt.Frames.Count; level++)
        {
            StackFrame f = bt.Frames[level];
            if (options.Full && frameStart is ulong from && frameStack != null && f.Stack == frameStack && f.Slot >= from)
                PrintWords(kernel, from, f.Slot, options.SymbolicLevel, output);
            frameStart = f.Slot + 8;
            frameStack = f.Stack;
            output.Write(Header(kernel, level, f, options, modules));
            output.Write('\n');
            if (options.Lines && KernelCode.SourceLine(kernel, f.Pc) is { } loc)
                output.Write($"    {loc.File}: {loc.Line}\n");
            if (f.Exception is PtRegs regs)
            {
                if (options.Full && frameStack != null && regs.Address >= frameStart && f.Stack?.Contains(regs.Address) == true)
                {
                    // crash's -f shows the frame's words up to the registers, which it then prints as a block.
                    frameStart = regs.Address + PtRegs.Size;
                }
                PrintRegisters(kernel, regs, options, output);
            }
            if (f.LeavingStack is StackRegion left)
                output.Write(left.IsIrq ? "--- <IRQ stack> ---\n" : $"--- <{left.Kind} exception stack> ---\n");
        }
        if (bt.StopReason != null)
            output.Write($"bt: {bt.StopReason}\n");
        return reference?.Found ?? true;
    }

    /// <summary>A frame's line as bt prints it (<c> #N [slot] function at pc [module]</c>), without the newline.</summary>
    internal static string Header(KernelProgram kernel, int level, StackFrame f, BtOptions options, ModuleText modules)
    {
        string text = $"{(level < 10 ? " " : "")}#{level} [{f.Slot,8:x}] {FrameName(kernel, f.Pc, options)} at {f.Pc:x}";
        return modules.ModuleOf(f.Pc) is string mod ? $"{text} [{mod}]" : text;
    }

    private static int SafeCpu(KObject task)
    {
        try
        {
            return Crashdive.Helpers.Tasks.Tasks.Cpu(task);
        }
        catch (Exception e) when (e is KernelObjectException or MemoryFaultException)
        {
            return 0;
        }
    }

    private static string FrameName(KernelProgram kernel, ulong pc, BtOptions options)
    {
        if (KernelCode.Symbol(kernel, pc) is not var (name, offset))
            return $"{pc:x}";
        if (!options.SymbolOffset || offset == 0)
            return name;
        return options.Hex ? $"{name}+0x{offset:x}" : $"{name}+{offset}";
    }

    /// <summary>crash's exception-frame block; kernel-mode frames start with the exception RIP.</summary>
    public static void PrintRegisters(KernelProgram kernel, PtRegs r, BtOptions options, TextWriter output)
    {
        if (!r.IsUserMode)
        {
            string where = KernelCode.Symbol(kernel, r.Ip) is var (n, off) ? (off == 0 ? n : $"{n}+{off}") : $"unknown or invalid address";
            output.Write($"    [exception RIP: {where}]\n");
        }
        output.Write($"    RIP: {r.Ip:x16}  RSP: {r.Sp:x16}  RFLAGS: {r.Flags:x8}\n");
        output.Write($"    RAX: {r.Ax:x16}  RBX: {r.Bx:x16}  RCX: {r.Cx:x16}\n");
        output.Write($"    RDX: {r.Dx:x16}  RSI: {r.Si:x16}  RDI: {r.Di:x16}\n");
        output.Write($"    RBP: {r.Bp:x16}   R8: {r.R8:x16}   R9: {r.R9:x16}\n");
        output.Write($"    R10: {r.R10:x16}  R11: {r.R11:x16}  R12: {r.R12:x16}\n");
        output.Write($"    R13: {r.R13:x16}  R14: {r.R14:x16}  R15: {r.R15:x16}\n");
        output.Write($"    ORIG_RAX: {r.OrigAx:x16}  CS: {r.Cs:x4}  SS: {r.Ss:x4}\n");
        if (!r.IsUserMode && options.Lines && KernelCode.SourceLine(kernel, r.Ip) is { } loc)
            output.Write($"    {loc.File}: {loc.Line}\n");
    }

    // crash's x86_64_display_full_frame: the words from just above the previous frame's slot up to and
    // including this frame's return-address slot, two to a line.
    private static void PrintWords(KernelProgram kernel, ulong from, ulong to, int symbolic, TextWriter output)
    {
        int words = (int)Math.Min((to - from) / 8 + 1, 4096);
        ulong a = from;
        for (int i = 0; i < words; i++, a += 8)
        {
            if ((i & 1) == 0)
                output.Write($"{(i != 0 ? "\n" : "")}    {a:x}: ");
            string v = kernel.Memory.TryReadPointer(a, out ulong value) ? Word(kernel, value, symbolic) : "????????????????";
            output.Write(v);
            output.Write(' ');
        }
        output.Write('\n');
    }

    // crash's format_stack_entry: with -F, a readable value is shown as its symbol, else as the slab
    // cache it lies in ([name], or [address:name] with -FF), left-justified in 16 columns.
    private static string Word(KernelProgram kernel, ulong value, int symbolic)
    {
        if (symbolic == 0 || !kernel.Memory.TryRead(value, out byte _))
            return $"{value:x16}";
        if (KernelCode.SymbolString(kernel, value) is string s)
            return $"{s,-16}";
        if (SlabCacheOf.Of(kernel).NameOf(kernel, value) is string cache)
            return symbolic > 1 ? $"{$"[{value:x}:{cache}]",-16}" : $"{$"[{cache}]",-16}";
        return $"{value:x16}";
    }

    // bt -T: every text address on the process stack from its bottom up. bt -t: from the first frame
    // up, across the exception frames and stacks the trace crosses (crash's old method without numbers;
    // where crash shows the base of the stack it left as the slot of the exception RIP, this shows the
    // exception's stack pointer).
    private static void PrintTextSymbols(KernelProgram kernel, KObject task, int cpu, Helpers.Stack.Backtrace bt, BtOptions options, TextWriter output)
    {
        ModuleText modules = ModuleText.Of(kernel);
        if (options.FromBottom || bt.Frames.Count == 0)
        {
            StackRegion stack = KernelStacks.Process(kernel, task);
            for (ulong a = stack.Start; a + 8 <= stack.End; a += 8)
            {
                if (kernel.Memory.TryReadPointer(a, out ulong v) && StackUnwinder.IsKernelText(kernel, v))
                    TextLine(kernel, modules, a, v, options, output);
            }
            if (bt.UserRegs is PtRegs user)
                PrintRegisters(kernel, user, options, output);
            return;
        }
        StackFrame start = bt.Frames[0];
        output.Write($"              START: {FrameName(kernel, start.Pc, options)} at {start.Pc:x}\n");
        Helpers.Stack.Backtrace text = options.OldMethod ? bt : StackTextTrace.Of(kernel, bt);
        for (int i = 0; i < text.Frames.Count; i++)
        {
            StackFrame f = text.Frames[i];
            if (i > 0)
                TextLine(kernel, modules, f.Slot, f.Pc, options, output);
            else if (FirstReturnAddressSlot(kernel, f, text.Frames.Count > 1 ? text.Frames[1].Slot : f.Slot + 0x1000) is ulong at)
                TextLine(kernel, modules, at, f.Pc, options, output); // a sleeping task's first frame sits at its switch frame, below its return address
            if (f.Exception is PtRegs regs && !regs.IsUserMode)
                PrintRegisters(kernel, regs, options, output);
            if (f.LeavingStack is StackRegion left)
                output.Write(left.IsIrq ? "--- <IRQ stack> ---\n" : $"--- <{left.Kind} exception stack> ---\n");
        }
        if (bt.UserRegs is PtRegs u)
            PrintRegisters(kernel, u, options, output);
    }

    private static ulong? FirstReturnAddressSlot(KernelProgram kernel, StackFrame f, ulong below)
    {
        for (ulong a = f.Slot; a < below && a < f.Slot + 0x1000; a += 8)
        {
            if (kernel.Memory.TryReadPointer(a, out ulong w) && w == f.Pc)
                return a;
        }
        return null;
    }

    private static void TextLine(KernelProgram kernel, ModuleText modules, ulong slot, ulong value, BtOptions options, TextWriter output)
    {
        output.Write($"  [{slot:x}] {FrameName(kernel, value, options)} at {value:x}");
        if (modules.ModuleOf(value) is string mod)
            output.Write($" [{mod}]");
        output.Write('\n');
    }

    // bt -r: crash's raw_stack_dump, rd -s of the whole stack (from -S sp when given).
    private static void PrintRaw(KernelProgram kernel, KObject task, ulong? from, TextWriter output)
    {
        StackRegion stack = KernelStacks.Process(kernel, task);
        var request = new Memory.RdRequest
        {
            Address = from ?? stack.Start,
            Count = (long)((stack.End - stack.Start) / 8),
            Display = Memory.RdDisplay.Bits64,
            Format = Memory.RdFormat.Hexadecimal | Memory.RdFormat.Symbolic,
        };
        Memory.MemoryDisplay.Show(new CommandContext(kernel, output), request, Symbols.SymbolDisplay.Symbols(kernel));
    }
}
