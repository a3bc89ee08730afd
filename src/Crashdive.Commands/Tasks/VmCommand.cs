using System.Globalization;
using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Commands.Printing;
using Crashdive.Dumps;
using Crashdive.Helpers.Fs;
using Crashdive.Helpers.Mm;
using Crashdive.Helpers.Tasks;
using Crashdive.Helpers.Trees;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Tasks;

/// <summary>
/// crash's <c>vm</c>: a task's address space — its mm_struct, page directory, RSS and total VM, then
/// each VMA (address, start, end, flags, mapped file); <c>-p</c>/<c>-P</c> each page's physical address,
/// swap slot or file offset; <c>-R</c> searches; <c>-m</c>/<c>-v</c> dump the structs; <c>-f</c> decodes
/// flags; <c>-M</c> supplies a lost mm. VMAs come from the maple tree (<c>mm-&gt;mm_mt</c>, 6.1+) or the
/// <c>mmap</c> list of older kernels, by what the debuginfo has.
/// </summary>
public sealed partial class VmCommand : ICommand
{
    /// <summary>Most VMAs listed for one task before the tree is called corrupt.</summary>
    public const int MaxVmas = 1_000_000;

    /// <inheritdoc/>
    public string Name => "vm";

    /// <summary>What one <c>vm</c> command line asks for (crash's flag word).</summary>
    private sealed class Request
    {
        public bool Phys, MmStruct, VmaStructs, Single;
        public ulong SingleVma;
        public ulong? ForceMm;
        public Reference? Ref;
        public int Radix;
    }

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        GetoptResult parsed = new Getopt(Spec.Getopt).Parse(args);
        var r = new Request();
        var errors = new List<string>(parsed.Errors);
        foreach (GetoptOption o in parsed.Options)
        {
            bool any = r.Phys || r.MmStruct || r.VmaStructs || r.Single;
            switch (o.Letter)
            {
                case 'f':
                    if (any)
                    {
                        errors.Add("");
                        break;
                    }
                    // as crash, -f decodes at once and ends the command
                    context.Out.Write(VmaFlags.Describe(context.Kernel, Hex(o.Value!, "vm_flags")) + "\n");
                    return;
                case 'p': if (any) errors.Add(""); else r.Phys = true; break;
                case 'm': if (any) errors.Add(""); else r.MmStruct = true; break;
                case 'v': if (any) errors.Add(""); else r.VmaStructs = true; break;
                case 'P':
                    if (any)
                        errors.Add("");
                    else
                    {
                        r.Single = true;
                        r.SingleVma = Hex(o.Value!, "vm_area_struct address");
                    }
                    break;
                case 'R':
                    if (r.Ref != null)
                        errors.Add("only one -R option allowed");
                    else if (any && !r.Phys)
                        errors.Add("");
                    else
                    {
                        r.Ref = new Reference(o.Value!);
                        r.Phys = true;
                    }
                    break;
                case 'M': r.ForceMm = Hex(o.Value!, "mm_struct address"); break;
                case 'x':
                    if (r.Radix == 10)
                        throw new CommandException("-d and -x are mutually exclusive");
                    r.Radix = 16;
                    break;
                case 'd':
                    if (r.Radix == 16)
                        throw new CommandException("-d and -x are mutually exclusive");
                    r.Radix = 10;
                    break;
            }
        }
        if (errors.Count > 0)
            throw new CommandUsageException(string.Join($"\n{Name}: ", errors.Where(e => e.Length > 0)));
        KernelProgram kernel = context.Kernel;
        if (parsed.Words.Count == 0)
        {
            TaskEntry current = TaskDisplay.CurrentTask(kernel);
            if (r.Ref == null)
                context.Out.Write(TaskDisplay.Header(current));
            Dump(context, current, r);
            return;
        }
        int subsequent = 0;
        foreach (string w in parsed.Words)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (TaskDisplay.Resolve(kernel, w) is not { } found)
            {
                context.Out.Write($"{(subsequent++ > 0 ? "\n" : "")}vm: invalid task or pid value: {w}\n");
                continue;
            }
            foreach (TaskEntry t in found)
            {
                if (r.Ref == null)
                    context.Out.Write((subsequent++ > 0 ? "\n" : "") + TaskDisplay.Header(t));
                Dump(context, t, r);
            }
        }
    }

    /// <summary>crash's <c>htol</c> for an option's value: hexadecimal, with or without 0x.</summary>
    private static ulong Hex(string s, string what)
    {
        string h = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s[2..] : s;
        if (h.Length == 0 || h.Length > 16 || !ulong.TryParse(h, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v))
            throw new CommandException($"invalid {what}: {s}");
        return v;
    }

    /// <summary>The task's mm, pgd, RSS and total VM (crash's <c>task_mem_usage</c>).</summary>
    private readonly record struct MemUsage(ulong Mm, ulong Pgd, ulong Rss, ulong TotalVm);

    private static MemUsage Usage(KernelProgram kernel, TaskEntry t)
    {
        (ulong vm, ulong rss, _) = PsCommand.MemUsage(kernel, t);
        ulong pgd = t.Mm == 0 ? 0 : KObject.Reference(kernel, kernel.Type("struct mm_struct"), t.Mm).Member("pgd").ToUInt64();
        return new MemUsage(t.Mm, pgd, rss, vm);
    }

    /// <summary>crash's <c>PRINT_VM_DATA</c>: the MM/PGD/RSS/TOTAL_VM header and row.</summary>
    private static string VmData(KernelProgram kernel, MemUsage u)
    {
        ulong kb = (ulong)kernel.Dump.PageSize / 1024;
        return Center("MM", 16, false) + "  " + Center("PGD", 16, false) + "  " + Center("RSS", 6, false) + "  " + Center("TOTAL_VM", 8, false) + "\n"
            + Center(u.Mm.ToString("x"), 16, false) + "  " + Center(u.Pgd.ToString("x"), 16, false) + "  "
            + Center($"{u.Rss * kb}k", 6, false) + "  " + Center($"{u.TotalVm * kb}k", 8, false) + "\n";
    }

    /// <summary>crash's VMA table header.</summary>
    private static string VmaHeader => Center("VMA", 16, false) + " " + Center("START", 10, true) + " " + Center("END", 10, true) + "  FLAGS FILE\n";

    /// <summary>crash's <c>vm_area_dump</c> for one task.</summary>
    private static void Dump(CommandContext context, TaskEntry t, Request r)
    {
        KernelProgram kernel = context.Kernel;
        TextWriter output = context.Out;
        MemUsage u = Usage(kernel, t);
        Reference? reference = r.Ref;
        reference?.Reset();
        if (reference != null && reference.IsNumber && (reference.Hex == u.Mm || reference.Hex == u.Pgd))
        {
            output.Write(TaskDisplay.Header(t) + VmData(kernel, u) + "\n");
            return;
        }
        if (!r.MmStruct && !r.VmaStructs && !r.Single && reference == null)
            output.Write(VmData(kernel, u));
        ulong mmAddress = u.Mm;
        if (mmAddress == 0)
        {
            if (r.ForceMm is not ulong forced)
                return;
            mmAddress = ValidMm(kernel, forced);
        }
        KObject mm = KObject.Reference(kernel, kernel.Type("struct mm_struct"), mmAddress);
        if (r.MmStruct)
        {
            output.Write(StructPrinter.FormatWhole(mm, "mm_struct", SessionSettings.Of(kernel).Format(r.Radix)));
            return;
        }
        if (!r.Phys && !r.VmaStructs && !r.Single && reference == null)
            output.Write(VmaHeader);
        var pages = r.Phys || r.Single ? new PageWalker(kernel, mm) : null;
        CType vmaType = kernel.Type("struct vm_area_struct");
        bool singleFound = false;
        foreach (ulong vma in Vmas(mm))
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (r.Phys && reference == null)
                output.Write(VmaHeader);
            KObject v = KObject.Reference(kernel, vmaType, vma);
            if (r.Single)
            {
                if (vma != r.SingleVma)
                    continue;
                output.Write(VmaHeader);
                singleFound = true;
            }
            if (r.VmaStructs)
            {
                output.Write(StructPrinter.FormatWhole(v, "vm_area_struct", SessionSettings.Of(kernel).Format(r.Radix)));
                continue;
            }
            string line = VmaLine(v, out string file);
            if (reference != null)
            {
                Search(context, t, u, reference, v, line, file, pages!);
                continue;
            }
            output.Write(line);
            if (pages != null)
                pages.Dump(context, v, null);
        }
        if (r.Single && !singleFound)
            output.Write("(not found)\n");
        if (reference is { Header: true })
            output.Write('\n');
    }

    /// <summary>crash's <c>is_valid_mm</c> for <c>-M</c>, as far as the mm itself tells: readable, and still referenced.</summary>
    private static ulong ValidMm(KernelProgram kernel, ulong mm)
    {
        try
        {
            KObject m = KObject.Reference(kernel, kernel.Type("struct mm_struct"), mm);
            if (m.Member("mm_count").ToInt64() == 0)
                throw new CommandException("stale mm_struct address");
            if (!kernel.TryKernelToPhysical(m.Member("pgd").ToUInt64(), out _))
                throw new CommandException("invalid mm_struct address");
            return mm;
        }
        catch (Exception e) when (e is MemoryFaultException or KernelObjectException)
        {
            throw new CommandException("invalid mm_struct address");
        }
    }

    /// <summary>The path of the VMA's file, "" for an anonymous one (crash's <c>get_pathname</c>).</summary>
    private static string FileOf(KObject v)
    {
        if (v.Member("vm_file").ToUInt64() == 0)
            return "";
        try
        {
            return DPath.OfPath(v.Member("vm_file").Deref().Member("f_path"));
        }
        catch (Exception e) when (e is MemoryFaultException or KernelObjectException)
        {
            return "(unreadable)";
        }
    }

    /// <summary>One VMA as crash's <c>PRINT_VMA_DATA</c> prints it; <paramref name="file"/> is its path.</summary>
    private static string VmaLine(KObject v, out string file)
    {
        ulong start = v.Member("vm_start").ToUInt64(), end = v.Member("vm_end").ToUInt64();
        ulong flags = v.Member("vm_flags").ToUInt64();
        file = FileOf(v);
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
