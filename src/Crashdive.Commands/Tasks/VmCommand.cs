using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Commands.Printing;
using Crashdive.Dumps;
using Crashdive.Helpers.Fs;
using Crashdive.Helpers.Tasks;
using Crashdive.Helpers.Trees;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Tasks;

/// <summary>
/// crash's <c>vm</c>: a task's address space — its mm_struct, page directory, RSS and total VM, then
/// each VMA (address, start, end, flags, mapped file). VMAs come from the maple tree
/// (<c>mm-&gt;mm_mt</c>, 6.1+) or the <c>mmap</c> list of older kernels, by what the debuginfo has.
/// </summary>
public sealed partial class VmCommand : ICommand
{
    /// <summary>Most VMAs listed for one task before the tree is called corrupt.</summary>
    public const int MaxVmas = 1_000_000;

    /// <inheritdoc/>
    public string Name => "vm";

    /// <inheritdoc/>
    public string Summary => "virtual memory";
    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        GetoptResult parsed = new Getopt("mvxdpP:M:R:f:").Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join($"\n{Name}: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        bool mmStruct = false, vmaStructs = false;
        int radix = 0;
        foreach (GetoptOption o in parsed.Options)
        {
            switch (o.Letter)
            {
                case 'm': mmStruct = true; break;
                case 'v': vmaStructs = true; break;
                case 'x': radix = 16; break;
                case 'd': radix = 10; break;
                default: throw new CommandException($"-{o.Letter}: not supported yet");
            }
        }
        KernelProgram kernel = context.Kernel;
        IReadOnlyList<TaskEntry> tasks = TaskDisplay.TasksOrCurrent(kernel, parsed.Words);
        for (int i = 0; i < tasks.Count; i++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (i > 0)
                context.Out.Write('\n');
            Dump(context, tasks[i], mmStruct, vmaStructs, SessionSettings.Of(context.Kernel).Format(radix));
        }
    }

    private static void Dump(CommandContext context, TaskEntry t, bool mmStruct, bool vmaStructs, FormatOptions options)
    {
        KernelProgram kernel = context.Kernel;
        TextWriter output = context.Out;
        output.Write(TaskDisplay.Header(t));
        ulong pgd = 0;
        (ulong vm, ulong rss, _) = PsCommand.MemUsage(kernel, t);
        KObject? mm = t.Mm == 0 ? null : KObject.Reference(kernel, kernel.Type("struct mm_struct"), t.Mm);
        if (mm is KObject m)
            pgd = m.Member("pgd").ToUInt64();
        if (!mmStruct && !vmaStructs)
        {
            ulong kb = (ulong)kernel.Dump.PageSize / 1024;
            output.Write(Center("MM", 16, false) + "  " + Center("PGD", 16, false) + "  " + Center("RSS", 6, false) + "  " + Center("TOTAL_VM", 8, false) + "\n");
            output.Write(Center(t.Mm.ToString("x"), 16, false) + "  " + Center(pgd.ToString("x"), 16, false) + "  "
                + Center($"{rss * kb}k", 6, false) + "  " + Center($"{vm * kb}k", 8, false) + "\n");
        }
        if (mm is not KObject mmObj)
            return;
        if (mmStruct)
        {
            output.Write(StructPrinter.FormatWhole(mmObj, "mm_struct", options));
            return;
        }
        if (!vmaStructs)
            output.Write(Center("VMA", 16, false) + " " + Center("START", 10, true) + " " + Center("END", 10, true) + "  FLAGS FILE\n");
        CType vmaType = kernel.Type("struct vm_area_struct");
        foreach (ulong vma in Vmas(mmObj))
        {
            context.Cancellation.ThrowIfCancellationRequested();
            KObject v = KObject.Reference(kernel, vmaType, vma);
            if (vmaStructs)
            {
                output.Write(StructPrinter.FormatWhole(v, "vm_area_struct", options));
                continue;
            }
            output.Write(VmaLine(v));
        }
    }

    /// <summary>One VMA as crash's <c>PRINT_VMA_DATA</c> prints it.</summary>
    private static string VmaLine(KObject v)
    {
        ulong start = v.Member("vm_start").ToUInt64(), end = v.Member("vm_end").ToUInt64();
        ulong flags = v.Member("vm_flags").ToUInt64();
        string file = "";
        ulong f = v.Member("vm_file").ToUInt64();
        if (f != 0)
        {
            try
            {
                file = DPath.OfPath(v.Member("vm_file").Deref().Member("f_path"));
            }
            catch (Exception e) when (e is MemoryFaultException or KernelObjectException)
            {
                file = "(unreadable)";
            }
        }
        var sb = new StringBuilder();
        sb.Append(Center(v.Address.ToString("x"), 16, false)).Append(' ')
          .Append(start.ToString("x").PadLeft(10)).Append(' ')
          .Append(end.ToString("x").PadLeft(10)).Append(' ')
          .Append(flags.ToString("x").PadLeft(6)).Append(' ').Append(file).Append('\n');
        return sb.ToString();
    }

    /// <summary>The task's VMAs in address order: the maple tree since 6.1, the mmap list before.</summary>
    public static IEnumerable<ulong> Vmas(KObject mm)
    {
        KernelProgram kernel = mm.Kernel;
        if (mm.HasMember("mm_mt"))
        {
            ulong root = MapleTree.Root(kernel, mm.Member("mm_mt").Address);
            int n = 0;
            foreach (TreeEntry e in MapleTree.Walk(kernel, root))
            {
                if (e.Value == 0)
                    continue;
                if (++n > MaxVmas)
                    throw new CommandException($"mm_struct {mm.Address:x}: more than {MaxVmas} VMAs");
                yield return e.Value;
            }
            yield break;
        }
        ulong vma = mm.Member("mmap").ToUInt64();
        CType vmaType = kernel.Type("struct vm_area_struct");
        for (int n = 0; vma != 0; n++)
        {
            if (n >= MaxVmas)
                throw new CommandException($"mm_struct {mm.Address:x}: more than {MaxVmas} VMAs (a loop?)");
            yield return vma;
            vma = KObject.Reference(kernel, vmaType, vma).Member("vm_next").ToUInt64();
        }
    }

    private static string Center(string s, int width, bool right) => TaskDisplay.Center(s, width, right);
}
