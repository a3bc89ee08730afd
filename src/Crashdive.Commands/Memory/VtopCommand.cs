using System.Text;
using Crashdive.Arch.X86_64;
using Crashdive.Commands.Arguments;
using Crashdive.Commands.Symbols;
using Crashdive.Dumps;
using Crashdive.Helpers.Mm;
using Crashdive.Kernel;

namespace Crashdive.Commands.Memory;

/// <summary><c>vtop</c>: a kernel virtual address's physical address, the page-table entries that map it, and its <c>struct page</c>.</summary>
public sealed class VtopCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-c [pid | taskp]] [-u|-k] address ...";

    private const int AddressWidth = 16;
    private const ulong PageSizeFlag = 0x80, Present = 0x1, ProtNone = 0x100;

    /// <inheritdoc/>
    public string Name => "vtop";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "vtop",
        Summary = "virtual to physical",
        Synopsis = Synopsis,
        Description = """
            For each kernel virtual address, walks the kernel's page tables and prints the physical address it
            maps to, every table entry read on the way (PGD, P4D when the kernel uses 5-level paging, PUD, PMD,
            PTE) with the flags of the entry that maps the page, and then the struct page of that physical page:
            its address, mapping, index, reference count and flag names.

            An address may be hexadecimal, a symbol, or symbol+offset. An address that is in neither half of
            the address space needs -u or -k. User addresses are refused for now: crashdive does not yet
            translate through a task's page tables.
            """,
        Options =
        [
            new("-k", null, "the address is a kernel virtual address"),
            new("-u", null, "the address is a user address: refused for now (no task page tables yet)"),
            new("-c", "pid | taskp", "translate in another task's context: refused for now"),
        ],
        Arguments = [new("address", "one or more addresses to translate")],
        Examples =
        [
            new("vtop linux_banner", "where the banner string lives in physical memory, and its page"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nvtop: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        bool user = false, kernel = false;
        foreach (var (letter, _) in parsed.Options)
        {
            switch (letter)
            {
                case 'u': user = true; break;
                case 'k': kernel = true; break;
                case 'c': throw new CommandException("-c: task contexts are not supported yet");
            }
        }
        if (parsed.Words.Count == 0)
        {
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        if (user && kernel)
            throw new CommandException("-u and -k options are mutually exclusive");

        var k = context.Kernel;
        var regions = k.Regions;
        Func<string, ulong?>? lookup = null;
        int shown = 0;
        bool headerShown = false;
        foreach (string word in parsed.Words)
        {
            ulong virt = AddressExpression.IsHexadecimal(word)
                ? AddressExpression.ParseHex(word)
                // beyond crash (hexadecimal only): a symbol or symbol+offset
                : AddressExpression.ResolveAddress(word, lookup ??= SymbolDisplay.Lookup(k))
                  ?? throw new CommandException($"invalid input: \"{word}\"");
            bool isUser = user;
            if (!user && !kernel)
            {
                if (regions.IsUserVirtual(virt))
                    isUser = true;
                else if (!regions.IsKernelVirtual(virt))
                    throw new CommandException($"ambiguous address: {virt:x}  (requires -u or -k)");
            }
            if (isUser)
                throw new CommandException($"user virtual address {virt:x}: user address spaces (task page tables) are not supported yet");
            if (shown++ > 0)
                context.Out.Write('\n');
            Translate(context, virt, ref headerShown);
        }
    }

    private static void Translate(CommandContext context, ulong virt, ref bool headerShown)
    {
        var k = context.Kernel;
        var output = context.Out;
        output.Write($"{CrashText.LJust("VIRTUAL", AddressWidth)}  {CrashText.LJust("PHYSICAL", AddressWidth)}\n");
        if (!k.Regions.IsKernelVirtual(virt))
        {
            output.Write($"{virt,-8:x}  (not a kernel virtual address)\n\n");
            return;
        }
        bool mapped = k.TryKernelToPhysical(virt, out ulong phys);
        output.Write(mapped
            ? $"{CrashText.LJust(virt.ToString("x"), AddressWidth)}  {CrashText.LJust(phys.ToString("x"), AddressWidth)}\n\n"
            : $"{CrashText.LJust(virt.ToString("x"), AddressWidth)}  (not mapped)\n\n");

        var table = k.Layout.PageTable;
        var walk = table.Trace(virt);
        var sb = new StringBuilder();
        ulong pgdVirtual = SymbolOrNull(k, "init_top_pgt") ?? k.Regions.PhysicalToDirect(table.Root);
        sb.Append($"PGD DIRECTORY: {pgdVirtual:x}\n");
        for (int i = 0; i < walk.Steps.Count; i++)
        {
            var step = walk.Steps[i];
            if (i == 0)
                sb.Append($"PAGE DIRECTORY: {step.Entry:x}\n");
            else
                sb.Append($"   {step.Level}: {step.EntryAddress:x} => {step.Entry:x}\n");
        }
        output.Write(sb);
        if (walk.UnreadableTable is ulong missing)
            throw new CommandException(new ReadFault(ReadFaultKind.ReadError, missing, MemoryType.Physical).Describe(walk.UnreadableWhat));
        ulong mask = table.DisplayPhysicalMask;
        if (walk.Mapped && walk.Last is X86_64PageWalkStep leaf)
        {
            string size = walk.PageSize switch { 1UL << 30 => "  (1GB)", 1UL << 21 => "  (2MB)", _ => "" };
            output.Write($"  PAGE: {leaf.Entry & mask:x}{size}\n\n");
            output.Write(TranslatePte(leaf.Entry, mask));
        }
        else if (walk.Last is X86_64PageWalkStep last && last.Level == "PTE" && last.Entry != 0)
        {
            // A not-present PTE that is not zero holds a swap entry; crash decodes it against the swap
            // devices, which needs the swap helpers.
            string what = (last.Entry & ProtNone) != 0 ? "PTE (PROTNONE)" : "PTE";
            output.Write($"\n{what}  {last.Entry:x}  (not present: swap entry decoding is not supported yet)\n");
        }
        output.Write('\n');
        // crash's verbose walk leaves its own result behind when it succeeds
        if (mapped)
            WritePage(context, walk.Mapped ? walk.Physical : phys, ref headerShown);
    }

    /// <summary>crash's table for one page-table entry: the entry, the physical page it names, and its flags.</summary>
    public static string TranslatePte(ulong pte, ulong physicalMask)
    {
        string pteText = pte.ToString("x");
        string physText = (pte & physicalMask).ToString("x");
        int w1 = Math.Max(pteText.Length, 3), w2 = Math.Max(physText.Length, 8);
        var sb = new StringBuilder();
        sb.Append(CrashText.Center("PTE", w1)).Append("  ").Append(CrashText.Center("PHYSICAL", w2)).Append("  FLAGS\n");
        sb.Append(CrashText.Center(pteText, w1, leanRight: true)).Append("  ").Append(CrashText.Center(physText, w2, leanRight: true)).Append("  (");
        if (pte == 0)
        {
            sb.Append("no mapping");
        }
        else
        {
            var flags = new List<string>();
            if ((pte & Present) != 0) flags.Add("PRESENT");
            if ((pte & 0x2) != 0) flags.Add("RW");
            if ((pte & 0x4) != 0) flags.Add("USER");
            if ((pte & 0x8) != 0) flags.Add("PWT");
            if ((pte & 0x10) != 0) flags.Add("PCD");
            if ((pte & 0x20) != 0) flags.Add("ACCESSED");
            if ((pte & 0x40) != 0) flags.Add("DIRTY");
            if ((pte & PageSizeFlag) != 0 && (pte & Present) != 0) flags.Add("PSE");
            if ((pte & ProtNone) != 0 && (pte & Present) == 0) flags.Add("PROTNONE");
            if ((pte & 0x100) != 0) flags.Add("GLOBAL");
            if ((pte & (1UL << 63)) != 0) flags.Add("NX");
            sb.AppendJoin('|', flags);
        }
        sb.Append(")\n");
        return sb.ToString();
    }

    /// <summary>
    /// crash's one-page <c>kmem -p</c> block for physical <paramref name="phys"/>: nothing when its memory
    /// section has no <c>struct page</c> array.
    /// </summary>
    private static void WritePage(CommandContext context, ulong phys, ref bool headerShown)
    {
        var k = context.Kernel;
        ulong pageSize = (ulong)k.Dump.PageSize;
        ulong pfn = phys / pageSize;
        ulong? page;
        try
        {
            page = Mm.PfnToPage(k, pfn);
        }
        catch (MmException e)
        {
            context.Out.Write($"(struct page not shown: {e.Message})\n");
            return;
        }
        if (page is not ulong pageAddress)
            return;
        PageDescriptor desc;
        try
        {
            desc = Mm.ReadPage(k, pageAddress, pfn);
        }
        catch (MemoryFaultException)
        {
            throw new CommandException(new ReadFault(ReadFaultKind.ReadError, pageAddress, MemoryType.KernelVirtual).Describe("page struct cache"));
        }
        // crash sizes the PHYSICAL column to the hexadecimal length of the memory size (PADDR_PRLEN)
        ulong memory = Mm.TotalNodeMemory(k) ?? k.Dump.MaxPfn * pageSize;
        int physWidth = Math.Max(8, memory.ToString("x").Length);
        var sb = new StringBuilder();
        if (!headerShown)
        {
            // once per command, as crash does
            sb.Append(CrashText.Center("PAGE", AddressWidth)).Append(' ')
              .Append(CrashText.RJust("PHYSICAL", physWidth)).Append(' ')
              .Append(CrashText.Center("MAPPING", AddressWidth, leanRight: true)).Append(' ')
              .Append(CrashText.Center("INDEX", 8, leanRight: true)).Append("CNT FLAGS\n");
            headerShown = true;
        }
        sb.Append(CrashText.LJust(desc.Address.ToString("x"), AddressWidth)).Append(' ')
          .Append(CrashText.RJust((pfn * pageSize).ToString("x"), physWidth)).Append(' ')
          .Append(CrashText.RJust(desc.Mapping.ToString("x"), AddressWidth)).Append(' ')
          .Append(CrashText.RJust(desc.Index.ToString("x"), 8)).Append(' ')
          .Append(CrashText.RJust(desc.RefCount.ToString(), 2)).Append(' ')
          .Append(desc.Flags.ToString("x"));
        if (desc.Flags != 0)
        {
            string names = PageFlagNames.Of(k).Describe(desc.Flags);
            if (names.Length > 0)
                sb.Append(' ').Append(names);
        }
        sb.Append('\n');
        context.Out.Write(sb);
    }

    private static ulong? SymbolOrNull(KernelProgram k, string name)
    {
        try
        {
            return k.Kallsyms.Lookup(name);
        }
        catch (Exception e) when (e is KallsymsException or MemoryFaultException or KernelLayoutException)
        {
            return null;
        }
    }
}
