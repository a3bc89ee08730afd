using Crashdive.Dumps;
using Crashdive.Helpers.Code;
using Crashdive.Helpers.Stack;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Backtrace;

/// <summary>Writes one task's backtrace in crash's layout (x86_64_print_stack_entry, x86_64_exception_frame).</summary>
internal static class BacktracePrinter
{
    public static void Print(KernelProgram kernel, KObject task, BtOptions options, TextWriter output)
    {
        int cpu = global::Crashdive.Helpers.Sched.Runqueues.ActiveCpu(kernel, task.Address);
        int shownCpu = cpu >= 0 ? cpu : SafeCpu(task);
        output.Write($"PID: {Crashdive.Helpers.Tasks.Tasks.Pid(task),-7}  TASK: {task.Address:x}  CPU: {shownCpu,-3}  COMMAND: \"{Crashdive.Helpers.Tasks.Tasks.Comm(task)}\"\n");
        if (options.Raw)
        {
            PrintRaw(kernel, task, output);
            return;
        }
        Helpers.Stack.Backtrace bt = TaskBacktrace.Of(kernel, task);
        if (options.TextSymbols)
        {
            PrintTextSymbols(kernel, task, cpu, bt, options, output);
            return;
        }
        ModuleText modules = ModuleText.Of(kernel);
        ulong? frameStart = null;
        StackRegion? frameStack = null;
        for (int level = 0; level < bt.Frames.Count; level++)
        {
            StackFrame f = bt.Frames[level];
            if (options.Full && frameStart is ulong from && frameStack != null && f.Stack == frameStack && f.Slot >= from)
                PrintWords(kernel, from, f.Slot, options.Symbolic, output);
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
    private static void PrintWords(KernelProgram kernel, ulong from, ulong to, bool symbolic, TextWriter output)
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

    private static string Word(KernelProgram kernel, ulong value, bool symbolic)
    {
        if (symbolic && KernelCode.Symbol(kernel, value) is var (n, off))
            return off == 0 ? n : $"{n}+{off}";
        return $"{value:x16}";
    }

    // bt -t / -T: every text address on the stack, from the start of the trace (or the stack bottom) up.
    private static void PrintTextSymbols(KernelProgram kernel, KObject task, int cpu, Helpers.Stack.Backtrace bt, BtOptions options, TextWriter output)
    {
        StackRegion stack = KernelStacks.Process(kernel, task);
        ulong from = stack.Start;
        if (!options.FromBottom && bt.Frames.Count > 0)
        {
            StackFrame start = bt.Frames[0];
            output.Write($"              START: {FrameName(kernel, start.Pc, options)} at {start.Pc:x}\n");
            if (stack.Contains(start.Slot))
                from = start.Slot;
        }
        ModuleText modules = ModuleText.Of(kernel);
        for (ulong a = from; a + 8 <= stack.End; a += 8)
        {
            if (!kernel.Memory.TryReadPointer(a, out ulong v) || !StackUnwinder.IsKernelText(kernel, v))
                continue;
            output.Write($"  [{a:x}] {FrameName(kernel, v, options)} at {v:x}");
            if (modules.ModuleOf(v) is string mod)
                output.Write($" [{mod}]");
            output.Write('\n');
        }
        if (bt.UserRegs is PtRegs user)
            PrintRegisters(kernel, user, options, output);
    }

    // bt -r: the task's whole stack, two words to a line.
    private static void PrintRaw(KernelProgram kernel, KObject task, TextWriter output)
    {
        StackRegion stack = KernelStacks.Process(kernel, task);
        for (ulong a = stack.Start; a < stack.End; a += 16)
        {
            output.Write($"{a:x}:  ");
            for (ulong w = a; w < a + 16; w += 8)
            {
                string text = kernel.Memory.TryReadPointer(w, out ulong v)
                    ? (StackUnwinder.IsKernelText(kernel, v) && KernelCode.SymbolString(kernel, v) is string s ? s : $"{v:x16}")
                    : "????????????????";
                output.Write(text);
                output.Write(' ');
            }
            output.Write('\n');
        }
    }
}
