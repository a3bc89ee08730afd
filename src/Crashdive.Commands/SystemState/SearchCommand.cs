using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Commands.Data;
using Crashdive.Commands.Tasks;
using Crashdive.Helpers.Mm;
using Crashdive.Helpers.Stack;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.SystemState;

/// <summary>
/// <c>search</c>: memory searched for values (64-bit by default, -w 32-bit, -h 16-bit, -c strings, also
/// across page boundaries), over the kernel's mapped virtual ranges (-k, -K without vmalloc/modules/vmemmap,
/// -V only those), the current task's user mappings (-u), physical memory (-p), or the kernel stacks of
/// every task (-t) or of the active ones (-T), optionally with the memory around each hit (-x). A page at a
/// time into one buffer, with no allocation per page or word; Ctrl-C stops it between pages.
/// </summary>
public sealed partial class SearchCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "search";

    private enum Mode { Ulong, Uint, Ushort, Chars }

    private const int PageSize = 4096;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var kernel = context.Kernel;
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        string Usage() => CrashText.Usage(Name, Synopsis);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nsearch: ", parsed.Errors) + "\n" + Usage());
        var mode = Mode.Ulong;
        ulong start = 0, end = 0, length = 0, mask = 0;
        MemoryType? memtype = null;
        int sflag = 0, contextCount = 0;
        bool noVmalloc = false, onlyVmalloc = false, allStacks = false, activeStacks = false;
        TaskEntry? userTask = null;
        var all = KernelVirtualRange.All(kernel);
        ulong FirstKernel() => all.Count > 0 ? all[0].Start : 0;
        foreach (var (letter, value) in parsed.Options)
        {
            switch (letter)
            {
                case 'u':
                    userTask = TaskDisplay.CurrentTask(kernel);
                    if (userTask.IsKernelThread || userTask.Mm == 0)
                        throw new CommandException("current context has no user address space");
                    if (sflag == 0)
                        start = FirstVmaStart(kernel, userTask);
                    memtype = MemoryType.UserVirtual;
                    sflag++;
                    break;
                case 'p':
                    memtype = MemoryType.Physical;
                    if (sflag == 0)
                        start = 0;
                    sflag++;
                    break;
                case 'k':
                case 'K':
                case 'V':
                    if (sflag == 0)
                        start = FirstKernel();
                    memtype = MemoryType.KernelVirtual;
                    sflag++;
                    noVmalloc |= letter == 'K';
                    onlyVmalloc |= letter == 'V';
                    break;
                case 's':
                    start = Address(kernel, value!);
                    sflag++;
                    break;
                case 'e':
                    end = Address(kernel, value!);
                    if (end == 0)
                        throw new CommandException("invalid ending address: 0");
                    break;
                case 'l': length = ParseLength(value!); break;
                case 'm': mask = Hex(value!); break;
                case 'h':
                case 'w':
                case 'c':
                    if (mode != Mode.Ulong)
                        context.Out.Write($"search: WARNING: overriding previously set search {(letter == 'c' ? "type" : "mode")} with \"{letter}\"\n");
                    mode = letter == 'h' ? Mode.Ushort : letter == 'w' ? Mode.Uint : Mode.Chars;
                    break;
                case 'x':
                    contextCount = int.TryParse(value, out int x) && x >= 0 ? x : throw new CommandException($"invalid decimal argument: {value}");
                    break;
                case 't':
                case 'T':
                    allStacks |= letter == 't';
                    activeStacks |= letter == 'T';
                    if (allStacks && activeStacks)
                        throw new CommandException("-t and -T options are mutually exclusive");
                    break;
            }
        }
        bool stacks = allStacks || activeStacks;
        if (stacks && (memtype != null || start != 0 || end != 0 || length != 0))
            throw new CommandException($"-{(allStacks ? 't' : 'T')} option cannot be used with other memory-selection options");
        if (memtype == null)
        {
            memtype = MemoryType.KernelVirtual;
            if (!allStacks && sflag++ == 0)
                start = FirstKernel();
        }
        if ((sflag == 0 && !allStacks) || parsed.Words.Count == 0 || (length != 0 && end != 0))
        {
            context.Out.Write(Usage() + "\n");
            return;
        }

        ulong userEnd = kernel.Regions.PageOffset;
        switch (memtype)
        {
            case MemoryType.UserVirtual when !kernel.Regions.IsUserVirtual(start):
                throw new CommandException($"invalid user virtual address: {start:x}\n" + Usage());
            case MemoryType.KernelVirtual when !allStacks && !kernel.Regions.IsKernelVirtual(start):
                throw new CommandException($"invalid kernel virtual address: {start:x}\n" + Usage());
        }
        if (end == 0 && length == 0 && !allStacks)
        {
            end = memtype switch
            {
                MemoryType.UserVirtual => userEnd,
                MemoryType.Physical => kernel.Dump.MaxPfn * (ulong)kernel.Dump.PageSize,
                _ => MaxEnd(all),
            };
        }
        else if (length != 0)
        {
            end = unchecked(start + length);
        }
        if (memtype == MemoryType.UserVirtual && end > userEnd)
            throw new CommandException($"ending address {end:x} is in kernel space\n" + Usage());
        if (!allStacks && end < start)
            throw new CommandException($"ending address {end:x} is below starting address {start:x}\n" + Usage());

        var scanner = new Scanner(context, memtype.Value, mode, mask, contextCount);
        if (mask != 0 && mode == Mode.Chars)
            context.Out.Write("search: mask ignored on string search\n");
        if (contextCount != 0)
        {
            if (mode == Mode.Chars)
                throw new CommandException("-x option is not allowed with -c");
            int max = PageSize / scanner.Width;
            if (contextCount > max)
                throw new CommandException($"context value {contextCount} is too large: maximum is {max}");
        }
        foreach (string word in parsed.Words)
            AddValue(kernel, scanner, mode, mask, word);
        if (scanner.ValueCount == 0)
        {
            context.Out.Write(Usage() + "\n");
            return;
        }

        try
        {
            switch (memtype)
            {
                case MemoryType.Physical:
                    scanner.Range(start, end);
                    break;
                case MemoryType.UserVirtual:
                    SearchUser(kernel, scanner, userTask!, start, end);
                    break;
                default:
                    if (stacks)
                        SearchStacks(kernel, scanner, activeStacks);
                    else
                        SearchKernel(scanner, all, start, end, noVmalloc, onlyVmalloc);
                    break;
            }
        }
        finally
        {
            scanner.Flush();
        }
    }

    private static void AddValue(KernelProgram kernel, Scanner scanner, Mode mode, ulong mask, string word)
    {
        if (mode == Mode.Chars)
        {
            if (word.Length > 0)
                scanner.AddString(Encoding.Latin1.GetBytes(word));
            return;
        }
        ulong v;
        string? label = null;
        if (CanEval(word))
        {
            v = EvalCommand.Evaluate(kernel, word) ?? throw new CommandException($"invalid expression: {word}");
            label = word;
        }
        else if (kernel.SymbolAddress(word) is ulong sym && !IsHexWord(word))
        {
            v = sym;
            label = word;
        }
        else
        {
            v = Hex(word);
        }
        // crash shows the argument after a hit unless a mask is given; "(expr)" as typed, a symbol in parentheses
        string shown = mask != 0 || label == null ? "" : label[0] == '(' ? label : $"({label})";
        if (mode == Mode.Uint && v > uint.MaxValue)
            throw new CommandException($"value too large for -w option: {v:x} {shown}");
        if (mode == Mode.Ushort && v > ushort.MaxValue)
            throw new CommandException($"value too large for -h option: {v:x} {shown}");
        scanner.AddValue(v, shown);
    }

    /// <summary>crash's <c>can_eval()</c>: one pair of parentheses around something, or an operator with data on both sides.</summary>
    private static bool CanEval(string s)
    {
        if (s.Length > 2 && s[0] == '(' && s[^1] == ')' && s.Count(c => c == '(') == 1 && s.Count(c => c == ')') == 1)
            return true;
        int op = s.IndexOfAny(['>', '<', '+', '-', '&', '|', '*', '/', '%', '^']);
        return op > 0 && op < s.Length - 1;
    }

    private static ulong MaxEnd(IReadOnlyList<KernelVirtualRange> all)
    {
        ulong max = 0;
        foreach (var r in all)
            max = Math.Max(max, r.End);
        return max;
    }

    private static void SearchKernel(Scanner scanner, IReadOnlyList<KernelVirtualRange> all, ulong start, ulong end, bool noVmalloc, bool onlyVmalloc)
    {
        foreach (var r in all)
        {
            if (start >= r.End || end <= r.Start)
                continue;
            bool vmallocLike = r.Kind is KernelRangeKind.Vmalloc or KernelRangeKind.Modules or KernelRangeKind.Vmemmap;
            if ((noVmalloc && vmallocLike) || (onlyVmalloc && !vmallocLike))
                continue;
            scanner.Range(Math.Max(r.Start, start), Math.Min(r.End, end));
        }
    }

    /// <summary>The user search: crash goes from the first VMA to the end of user space, skipping to the next VMA at each unmapped page.</summary>
    private static void SearchUser(KernelProgram kernel, Scanner scanner, TaskEntry task, ulong start, ulong end)
    {
        kernel.CurrentTask ??= task.Task;
        KObject mm = KObject.Reference(kernel, kernel.Type("struct mm_struct"), task.Mm);
        if ((start & 7) != 0)
        {
            start &= ~7UL;
            scanner.Note($"search: rounding down start address to: {start:x}\n");
        }
        foreach (ulong vma in VmCommand.Vmas(mm))
        {
            KObject v = KObject.Reference(kernel, kernel.Type("struct vm_area_struct"), vma);
            ulong vs = v.Member("vm_start").ToUInt64(), ve = v.Member("vm_end").ToUInt64();
            if (ve <= start || vs >= end)
                continue;
            scanner.Range(Math.Max(vs, start), Math.Min(ve, end));
        }
    }

    /// <summary>Every task's kernel stack (THREAD_SIZE from <c>task-&gt;stack</c>), or only the active tasks', each hit block under its task header.</summary>
    private static void SearchStacks(KernelProgram kernel, Scanner scanner, bool activeOnly)
    {
        ulong size = KernelStacks.ThreadSize(kernel);
        foreach (TaskEntry t in TaskTable.Of(kernel).Tasks)
        {
            if (activeOnly && !TaskDisplay.IsActive(kernel, t.Task))
                continue;
            ulong stack;
            try
            {
                stack = Helpers.Tasks.Tasks.At(kernel, t.Task).Member("stack").ToUInt64();
            }
            catch (Dumps.MemoryFaultException)
            {
                continue;
            }
            if (stack == 0)
                continue;
            scanner.TaskHeader = TaskDisplay.Header(t);
            scanner.Range(stack, stack + size);
            scanner.TaskHeader = null;
        }
    }

    private static ulong FirstVmaStart(KernelProgram kernel, TaskEntry task)
    {
        KObject mm = KObject.Reference(kernel, kernel.Type("struct mm_struct"), task.Mm);
        foreach (ulong vma in VmCommand.Vmas(mm))
            return KObject.Reference(kernel, kernel.Type("struct vm_area_struct"), vma).Member("vm_start").ToUInt64();
        throw new CommandException("current context has no user address space");
    }

    private static bool IsHexWord(string w)
    {
        string d = w.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? w[2..] : w;
        return d.Length > 0 && d.All(Uri.IsHexDigit);
    }

    private static ulong Hex(string w)
    {
        string d = w.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? w[2..] : w;
        if (d.Length == 0 || d.Length > 16 || !d.All(Uri.IsHexDigit))
            throw new CommandException($"invalid expression: {w}");
        return Convert.ToUInt64(d, 16);
    }

    private static ulong ParseLength(string w) =>
        w.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? Hex(w)
        : ulong.TryParse(w, out ulong v) ? v : throw new CommandException($"invalid length: {w}");

    private static ulong Address(KernelProgram kernel, string w) => kernel.SymbolAddress(w) is ulong a && !IsHexWord(w) ? a : Hex(w);
}
