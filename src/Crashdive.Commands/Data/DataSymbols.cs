using Crashdive.Kernel.Expressions;
using Crashdive.Commands.Printing;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.Data;

/// <summary>
/// What the data commands (<c>p</c>, <c>struct</c>, <c>whatis</c>) ask of symbols as crash does:
/// whether a word is a symbol (crash's <c>symbol_search</c>), whether a symbol is per-cpu, the
/// one-line declaration crash's <c>whatis_variable</c> prints, and numbers in crash's spellings.
/// </summary>
public static class DataSymbols
{
    /// <summary>The address of symbol <paramref name="name"/> (kallsyms or the vmlinux symbol table), or null.</summary>
    public static ulong? Address(KernelProgram kernel, string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or '.'))
            return null;
        try
        {
            return kernel.SymbolAddress(name);
        }
        catch (Exception e) when (e is KernelObjectException or Dumps.MemoryFaultException or KernelLayoutException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="name"/> is a per-cpu data symbol (between <c>__per_cpu_start</c> and <c>__per_cpu_end</c>).</summary>
    public static bool IsPerCpu(KernelProgram kernel, string name)
    {
        if (Address(kernel, name) is not ulong a)
            return false;
        ulong? start = Address(kernel, "__per_cpu_start"), end = Address(kernel, "__per_cpu_end");
        return start is ulong s && end is ulong e && a >= s && a < e;
    }

    /// <summary>
    /// crash's declaration of a symbol: <c>struct rq runqueues;</c>, <c>const char linux_banner[204];</c>,
    /// <c>void schedule(void);</c>; null when the debuginfo does not know it.
    /// </summary>
    public static string? Declaration(KernelProgram kernel, string name)
    {
        if (kernel.FindVariable(name) is KObject v)
            return GdbTypeName.Declaration(v.Type, name) + ";";
        if (kernel.FindFunction(name) is var (f, _))
            return GdbTypeName.Declaration(f.Type, name) + ";";
        return null;
    }

    /// <summary>crash's <c>decimal()</c>: only digits.</summary>
    public static bool IsDecimal(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    /// <summary>crash's <c>hexadecimal()</c>: hex digits, with an optional 0x.</summary>
    public static bool IsHexadecimal(string s)
    {
        string d = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s[2..] : s;
        return d.Length > 0 && d.All(char.IsAsciiHexDigit);
    }

    /// <summary>crash's <c>IS_A_NUMBER</c>.</summary>
    public static bool IsNumber(string s) => IsDecimal(s) || IsHexadecimal(s);

    /// <summary>crash's <c>stol</c>: decimal when only digits, else hexadecimal; null when neither or too large.</summary>
    public static ulong? ParseNumber(string s)
    {
        if (IsDecimal(s))
            return ulong.TryParse(s, out ulong d) ? d : null;
        if (IsHexadecimal(s))
            return ParseHex(s);
        return null;
    }

    /// <summary>crash's <c>htol</c>: hexadecimal with an optional 0x; null when not.</summary>
    public static ulong? ParseHex(string s)
    {
        string d = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s[2..] : s;
        return d.Length > 0 && d.Length <= 16 && ulong.TryParse(d, System.Globalization.NumberStyles.AllowHexSpecifier, null, out ulong v) ? v : null;
    }
}
