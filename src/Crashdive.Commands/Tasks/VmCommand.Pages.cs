using System.Globalization;
using System.Text;
using Crashdive.Arch.X86_64;
using Crashdive.Helpers.Mm;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

public sealed partial class VmCommand
{
    /// <summary>
    /// <c>-R</c>'s reference (crash's <c>struct reference</c>): a number (taken as hexadecimal, and as decimal
    /// too when it has only decimal digits) or a file name component, and the search's progress for one task.
    /// </summary>
    private sealed class Reference(string text)
    {
        public string Text { get; } = text;
        public bool IsNumber { get; } = IsHex(text) || IsDecimal(text);
        public ulong Hex { get; } = IsHex(text) ? ulong.Parse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) : ulong.MaxValue;
        public ulong? Dec { get; } = IsDecimal(text) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong d) ? d : null;

        public bool Header, Vma, Page, Display;
        public ulong Ref1, Ref2;

        public void Reset() => Header = Vma = Page = Display = false;

        public bool HexIs(ulong value) => IsNumber && Hex == value;

        public bool DecIs(ulong value) => IsNumber && Dec == value;

        /// <summary>crash's <c>FILENAME_COMPONENT</c>: <paramref name="path"/> contains the reference ("/" only matches "/").</summary>
        public bool InPath(string path) =>
            path.Length > 0 && ((path == "/" && Text == "/") || (Text != "/" && path.Contains(Text, StringComparison.Ordinal)));

        private static bool IsDecimal(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

        private static bool IsHex(string s)
        {
            string h = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s[2..] : s;
            return h.Length is > 0 and <= 16 && h.All(char.IsAsciiHexDigit);
        }
    }

    /// <summary>crash's <c>-R</c> for one VMA: the VMA itself, then its pages.</summary>
    private static void Search(CommandContext context, TaskEntry t, MemUsage u, Reference r, KObject v, string line, string file, PageWalker pages)
    {
        TextWriter output = context.Out;
        KernelProgram kernel = context.Kernel;
        ulong flags = v.Member("vm_flags").ToUInt64();
        if (r.HexIs(v.Address) || r.HexIs(flags) || r.InPath(file))
        {
            if (!r.Header)
            {
                output.Write(TaskDisplay.Header(t) + VmData(kernel, u));
                r.Header = true;
            }
            if (!r.Vma || r.Page)
            {
                output.Write(VmaHeader);
                r.Vma = true;
                r.Page = false;
                r.Ref1 = v.Address;
            }
            output.Write(line);
        }
        if (!pages.Dump(context, v, r))
            return;
        if (!r.Header)
        {
            output.Write(TaskDisplay.Header(t) + VmData(kernel, u));
            r.Header = true;
        }
        if (!r.Vma || r.Ref1 != v.Address)
        {
            output.Write(VmaHeader + line);
            r.Vma = true;
            r.Ref1 = v.Address;
        }
        r.Display = true;
        pages.Dump(context, v, r);
        r.Display = false;
    }

    /// <summary>Translates the pages of one task's VMAs through its own page tables, as crash's <c>vm_area_page_dump</c>.</summary>
    private sealed class PageWalker
    {
        private readonly KernelProgram _kernel;
        private readonly X86_64PageTable? _table;
        private readonly ulong _initMm;
        private readonly int _physWidth;
        private readonly ulong _pageSize;
        private readonly bool _swapKnown;

        public PageWalker(KernelProgram kernel, KObject mm)
        {
            _kernel = kernel;
            _initMm = kernel.SymbolAddress("init_mm") ?? 0;
            _pageSize = (ulong)kernel.Dump.PageSize;
            ulong memory = Mm.TotalNodeMemory(kernel) ?? kernel.Dump.MaxPfn * _pageSize;
            _physWidth = Math.Max(8, memory.ToString("x").Length); // crash's PADDR_PRLEN, at least "PHYSICAL"
            _swapKnown = kernel.SymbolAddress("nr_swapfiles") != null && kernel.SymbolAddress("swap_info") != null;
            if (kernel.TryKernelToPhysical(mm.Member("pgd").ToUInt64(), out ulong root))
                _table = new X86_64PageTable(kernel.Physical, root, kernel.Layout.FiveLevel);
        }

        /// <summary>
        /// Prints each page of <paramref name="v"/> (all of them without a reference); with a reference that
        /// is searching, returns true at the first page that matches it, and in display mode prints the
        /// matching pages from there.
        /// </summary>
        public bool Dump(CommandContext context, KObject v, Reference? r)
        {
            if (v.Member("vm_mm").ToUInt64() == _initMm)
                return false;
            TextWriter output = context.Out;
            if (r == null || r.Display)
                output.Write(CrashTextPad("VIRTUAL", 10) + "  " + CrashTextPad("PHYSICAL", _physWidth) + "\n");
            ulong start = v.Member("vm_start").ToUInt64(), end = v.Member("vm_end").ToUInt64();
            if (r is { Display: true })
                start = r.Ref2;
            string? file = null;
            ulong vmStart = v.Member("vm_start").ToUInt64(), pgoff = v.HasMember("vm_pgoff") ? v.Member("vm_pgoff").ToUInt64() : 0;
            var sb = new StringBuilder(64);
            for (; start < end && start >= vmStart; start += _pageSize)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                bool display = r == null;
                if (r != null && r.HexIs(start) && Hit(r, start, ref display))
                    return true;
                sb.Clear();
                string va = CrashTextPad(start.ToString("x"), 10);
                ulong phys = 0, pte = 0;
                UserPageState state = _table == null ? UserPageState.TableUnreadable : _table.TranslateUser(start, out phys, out pte);
                if (state == UserPageState.Mapped)
                {
                    sb.Append(va).Append("  ").Append(phys.ToString("x").PadLeft(_physWidth)).Append('\n');
                    if (r != null && r.HexIs(phys) && Hit(r, start, ref display))
                        return true;
                }
                else if (state == UserPageState.TableUnreadable)
                    sb.Append(va).Append("  (page table not in the dump)\n");
                else if (pte != 0 && _swapKnown)
                {
                    string location = SwapEntry.Location(_kernel, pte);
                    sb.Append(va).Append("  SWAP: ").Append(location).Append('\n');
                    if (r != null)
                    {
                        if (r.DecIs(SwapEntry.Decode(_kernel, pte).Offset) && Hit(r, start, ref display))
                            return true;
                        if (r.InPath(location[..location.IndexOf("  OFFSET:", StringComparison.Ordinal)]) && Hit(r, start, ref display))
                            return true;
                    }
                }
                else if ((file ??= FileOf(v)).Length > 0)
                {
                    ulong offset = (((start - vmStart) / _pageSize) + pgoff) * _pageSize;
                    sb.Append(va).Append("  FILE: ").Append(file).Append("  OFFSET: ").Append(offset.ToString("x")).Append('\n');
                    if (r != null && r.HexIs(offset) && Hit(r, start, ref display))
                        return true;
                }
                else
                    sb.Append(va).Append("  (not mapped)\n");
                if (display)
                    output.Write(sb);
            }
            return false;
        }

        /// <summary>A page matched: in display mode it is shown; in the search pass the search stops there (true).</summary>
        private static bool Hit(Reference r, ulong start, ref bool display)
        {
            if (r.Display)
            {
                display = true;
                return false;
            }
            r.Page = true;
            r.Ref2 = start;
            return true;
        }

        private static string CrashTextPad(string s, int width) => s.Length >= width ? s : s.PadRight(width);
    }
}
