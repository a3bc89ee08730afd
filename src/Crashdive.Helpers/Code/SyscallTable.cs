using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Code;

/// <summary>One entry of <c>sys_call_table</c>: its number, the handler address, and the handler's symbol when the address is exactly one.</summary>
/// <param name="Number">The system call number (the index).</param>
/// <param name="Handler">The entry's value.</param>
/// <param name="Name">The symbol at exactly <paramref name="Handler"/>, null when the entry is not a symbol's address.</param>
public readonly record struct SyscallEntry(int Number, ulong Handler, string? Name);

/// <summary>The system call table (<c>sys_call_table</c>) and where each handler's source is, as crash's <c>sys -c</c> reads them.</summary>
public static class SyscallTable
{
    /// <summary>Most entries read.</summary>
    public const int MaxEntries = 4096;

    /// <summary>
    /// Every entry, with <c>Confirmed</c> true when the table's length comes from its DWARF array type
    /// (<c>NR_syscalls</c>), false when guessed from the next symbol as crash's <c>get_NR_syscalls()</c> does.
    /// </summary>
    public static (List<SyscallEntry> Entries, bool Confirmed) Read(KernelProgram kernel)
    {
        ulong table = kernel.SymbolAddress("sys_call_table") ?? throw new KernelObjectException("sys_call_table: symbol does not exist");
        int count;
        bool confirmed = false;
        if (kernel.FindVariable("sys_call_table") is KObject v && v.UnderlyingType is ArrayType a && a.Length is ulong n && n > 0)
        {
            count = (int)Math.Min(n, MaxEntries);
            confirmed = true;
        }
        else
        {
            count = 256;
            if (NextSymbolAddress(kernel, table) is ulong next && next > table)
                count = (int)Math.Min((next - table) / 8, MaxEntries);
        }
        var buffer = new byte[count * 8];
        kernel.Memory.Read(table, buffer);
        var list = new List<SyscallEntry>(count);
        for (int i = 0; i < count; i++)
        {
            ulong h = BitConverter.ToUInt64(buffer, i * 8);
            string? name = KernelCode.Symbol(kernel, h) is var (s, off) && off == 0 ? s : null;
            list.Add(new SyscallEntry(i, h, name));
        }
        return (list, confirmed);
    }

    /// <summary>The address of the first kernel symbol above <paramref name="address"/>, or null.</summary>
    public static ulong? NextSymbolAddress(KernelProgram kernel, ulong address)
    {
        Kallsyms ks;
        try
        {
            ks = kernel.Kallsyms;
        }
        catch (Exception e) when (e is KallsymsException or Dumps.MemoryFaultException or KernelLayoutException)
        {
            return null;
        }
        int r = ks.RankForAddress(address);
        if (r < 0)
            return null;
        for (int i = r + 1; i < ks.Count; i++)
        {
            if (ks[i].Address > address)
                return ks[i].Address;
        }
        return null;
    }

    /// <summary>
    /// crash's <c>get_build_directory()</c>: the source path of <c>schedule</c> up to <c>/kernel/</c> (or
    /// <c>/./arch/</c>), the prefix every kernel source path of the build shares; null without line numbers.
    /// </summary>
    public static string? BuildDirectory(KernelProgram kernel)
    {
        ulong? schedule = kernel.SymbolAddress("schedule") ?? kernel.SymbolAddress("do_schedule");
        if (schedule is not ulong s || KernelCode.SourceLine(kernel, s) is not { } loc)
            return null;
        string line = $"{loc.File}: {loc.Line}";
        int at = line.IndexOf("/kernel/", StringComparison.Ordinal);
        if (at < 0)
            at = line.IndexOf("/./arch/", StringComparison.Ordinal);
        return at < 0 ? null : line[..at];
    }

    /// <summary>
    /// crash's source line for a system call: the first address of the handler (up to the next symbol)
    /// whose line is not in an <c>include/</c> header, printed as <c>..</c> and the path after the
    /// build directory (<c>../fs/read_write.c: 621</c>); empty when none qualifies.
    /// </summary>
    public static string SourceOf(KernelProgram kernel, ulong handler, string? buildDirectory)
    {
        if (buildDirectory == null || NextSymbolAddress(kernel, handler) is not ulong end)
            return "";
        // crash asks for every byte; line table rows change only at row boundaries, so a bound keeps this cheap
        ulong limit = Math.Min(end, handler + 0x10000);
        for (ulong a = handler; a < limit; a++)
        {
            if (KernelCode.SourceLine(kernel, a) is not { } loc)
                continue;
            string line = $"{loc.File}: {loc.Line}";
            if (line.Contains(".h: ", StringComparison.Ordinal) && line.Contains("include/", StringComparison.Ordinal))
                continue;
            if (line.Contains(buildDirectory, StringComparison.Ordinal))
                return ".." + line[Math.Min(buildDirectory.Length, line.Length)..];
        }
        return "";
    }
}
