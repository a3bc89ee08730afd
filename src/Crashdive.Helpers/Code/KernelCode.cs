using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols;
using Crashdive.Symbols.Dwarf;
using Crashdive.Symbols.Dwarf.Lines;
using Crashdive.Symbols.Elf;

namespace Crashdive.Helpers.Code;

/// <summary>
/// Kernel text: which symbol and function range holds an address, its source line, and the bytes
/// there. vmlinux DWARF works in link-time addresses (run-time minus the KASLR offset); module
/// debuginfo loaded with <c>mod -s</c> is already relocated, so module addresses are asked as they are.
/// </summary>
public static class KernelCode
{
    /// <summary>The source file and line of run-time code address <paramref name="address"/>, or null.</summary>
    public static SourceLocation? SourceLine(KernelProgram kernel, ulong address)
    {
        foreach (DebugFile m in kernel.ModuleDebugFiles)
        {
            if (m.Symbols.FindSourceLineAsGdb(address) is SourceLocation ml)
                return ml;
        }
        if (kernel.Vmlinux is SymbolFile v && address >= Arch.X86_64.X86_64KernelLayout.StartKernelMap)
            return v.FindSourceLineAsGdb(unchecked(address - kernel.KaslrOffset));
        return null;
    }

    /// <summary>
    /// The source line of run-time code address <paramref name="address"/> with the run-time range gdb gives that
    /// line there (start, and the start of the next line's code; end 0 when none follows), or null.
    /// </summary>
    public static (SourceLocation Location, ulong Start, ulong End)? SourceLineRange(KernelProgram kernel, ulong address)
    {
        foreach (DebugFile m in kernel.ModuleDebugFiles)
        {
            if (m.Symbols.FindSourceLineRangeAsGdb(address) is var (ml, ms, me))
                return (ml, ms, me);
        }
        if (kernel.Vmlinux is SymbolFile v && address >= Arch.X86_64.X86_64KernelLayout.StartKernelMap)
        {
            ulong slide = kernel.KaslrOffset;
            if (v.FindSourceLineRangeAsGdb(unchecked(address - slide)) is var (l, s, e))
                return (l, unchecked(s + slide), e == 0 ? 0 : unchecked(e + slide));
        }
        return null;
    }

    /// <summary>
    /// The function (a DWARF subprogram, not an inlined call) whose code holds run-time address <paramref name="address"/>:
    /// its name as the debuginfo gives it and the run-time start of the code range holding the address; null without
    /// debuginfo for it. gdb names code addresses after this function rather than the ELF symbol.
    /// </summary>
    public static (string Name, ulong Start)? DwarfFunction(KernelProgram kernel, ulong address)
    {
        if (Stack.FrameCode.For(kernel, address) is not Stack.FrameCode code)
            return null;
        ulong link = code.Link(address);
        IReadOnlyList<FrameScope> scopes;
        try
        {
            scopes = code.File.FindFrameScopes(link);
        }
        catch (DebugInfoFormatException)
        {
            return null;
        }
        if (scopes.Count == 0 || scopes[^1].Name is not string name || code.File.FindFunctionRange(link) is not AddressRange range)
            return null;
        return (name, unchecked(range.Start + code.Bias));
    }

    /// <summary>
    /// The run-time range [start, end) of the function code around <paramref name="address"/> from DWARF
    /// (a <c>.cold</c> part is its own range), or null when no debuginfo covers it.
    /// </summary>
    public static (ulong Start, ulong End)? FunctionRange(KernelProgram kernel, ulong address)
    {
        foreach (DebugFile m in kernel.ModuleDebugFiles)
        {
            if (m.Symbols.FindFunctionRange(address) is AddressRange mr)
                return (mr.Start, mr.End);
        }
        if (kernel.Vmlinux is SymbolFile v && address >= Arch.X86_64.X86_64KernelLayout.StartKernelMap)
        {
            ulong slide = kernel.KaslrOffset;
            ulong link = unchecked(address - slide);
            if (v.FindFunctionRange(link) is AddressRange r)
                return (unchecked(r.Start + slide), unchecked(r.End + slide));
            // No DWARF subprogram (assembly): gdb falls back to the ELF symbol and its size.
            if (v.TryLookupAddress(link, out SymbolOffset so) && so.Symbol.Size > 0 && so.Offset < so.Symbol.Size)
                return (unchecked(so.Symbol.Address + slide), unchecked(so.Symbol.Address + so.Symbol.Size + slide));
        }
        return null;
    }

    /// <summary>The symbol holding <paramref name="address"/> and the offset into it (kallsyms, then the vmlinux symtab).</summary>
    /// <remarks>
    /// As crash's <c>value_search</c>: only addresses between the kernel's first and last symbol have one
    /// (per-cpu offsets near 0 do not), and of several symbols at one address the first by name wins.
    /// </remarks>
    public static (string Name, ulong Offset)? Symbol(KernelProgram kernel, ulong address)
    {
        Kallsyms ks;
        try
        {
            ks = kernel.Kallsyms;
        }
        catch (Exception e) when (e is KallsymsException or MemoryFaultException or KernelLayoutException)
        {
            return kernel.ResolveAddress(address);
        }
        if (!ks.InKernelRange(address))
            return kernel.ModuleSymbols.Resolve(address) is var (ms, mo) ? (StripCloneSuffix(ms.Name), mo) : null; // a module's text or data
        int r = ks.RankForAddress(address);
        if (r < 0)
            return null;
        KernelSymbol s = ks[r];
        return (StripCloneSuffix(s.Name), address - s.Address);
    }

    /// <summary>crash's <c>strip_symbol_end</c> (<see cref="SymbolNames.StripCloneSuffix"/>).</summary>
    public static string StripCloneSuffix(string name) => SymbolNames.StripCloneSuffix(name);

    /// <summary>crash's <c>value_to_symstr</c>: <c>name</c> or <c>name+off</c> (decimal, or hex with <paramref name="hex"/>), or null.</summary>
    public static string? SymbolString(KernelProgram kernel, ulong address, bool hex = false)
    {
        if (Symbol(kernel, address) is not var (name, offset))
            return null;
        if (offset == 0)
            return name;
        return hex ? $"{name}+0x{offset:x}" : $"{name}+{offset}";
    }

    /// <summary>Reads code bytes at <paramref name="address"/>; returns how many could be read (stops at the first fault).</summary>
    public static int ReadText(KernelProgram kernel, ulong address, Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            ulong at = address + (ulong)done;
            int chunk = (int)Math.Min((ulong)(buffer.Length - done), 0x1000 - (at & 0xfff));
            try
            {
                kernel.Memory.Read(at, buffer.Slice(done, chunk));
            }
            catch (MemoryFaultException)
            {
                break;
            }
            done += chunk;
        }
        return done;
    }

    /// <summary>
    /// A source path as the kernel tree names it (<c>drivers/tty/sysrq.c</c>): the part after a build
    /// directory prefix such as <c>debian/build/build_amd64_none_cloud-amd64/</c> or an absolute
    /// <c>/build/.../linux-6.1.192/</c>, found by the first top-level kernel directory in the path.
    /// </summary>
    public static string RelativeSourcePath(string file)
    {
        string[] parts = file.Split('/');
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (Array.IndexOf(TopLevelDirectories, parts[i]) >= 0)
                return string.Join('/', parts, i, parts.Length - i);
        }
        return file;
    }

    private static readonly string[] TopLevelDirectories =
    [
        "arch", "block", "certs", "crypto", "drivers", "fs", "include", "init", "io_uring", "ipc", "kernel",
        "lib", "mm", "net", "rust", "samples", "scripts", "security", "sound", "tools", "usr", "virt",
    ];
}
