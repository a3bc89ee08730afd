using Crashdive.Helpers.Code;
using Crashdive.Symbols.Dwarf.Lines;

namespace Crashdive.Commands.Code;

/// <summary>
/// crash's <c>dis -s</c> (its <c>list_source_code</c>): the file and line of a text address, then the
/// source around it (the line itself marked <c>*</c>) to the end of the function, or <c>count</c> lines.
/// The source tree is looked up under the directory named by <c>CRASHDIVE_SOURCE</c>.
/// </summary>
internal static class SourceListing
{
    /// <summary>Most lines listed after the target line while looking for the function's closing brace.</summary>
    private const int MaxLines = 2000;

    public static void Print(CommandContext context, string word, ulong address, ulong count)
    {
        if (KernelCode.Symbol(context.Kernel, address) == null)
            throw new CommandException($"{address:x}: not a kernel text address");
        SourceLocation? loc = KernelCode.SourceLine(context.Kernel, address);
        TextWriter output = context.Out;
        if (loc == null)
        {
            output.Write("FILE: (unknown)\nLINE: (unknown)\n\n");
            throw new CommandException($"{word}: source code is not available\n");
        }
        string shortName = KernelCode.RelativeSourcePath(loc.File);
        output.Write($"FILE: {shortName}\nLINE: {loc.Line}\n\n");
        string? path = Find(shortName, loc.File);
        if (path == null)
            throw new CommandException($"{word}: source code is not available\n");
        string[] text = File.ReadAllLines(path);
        int first = Math.Max(1, loc.Line - 5);
        long remaining = count == 0 ? long.MaxValue : (long)count;
        int last = 0;
        for (int n = first; n <= text.Length && n - loc.Line < MaxLines; n++)
        {
            if (count != 0 && last >= loc.Line && remaining-- <= 0)
                break;
            string line = text[n - 1];
            output.Write($"{(n == loc.Line ? "* " : "  ")}{n}\t{line}\n");
            last = n;
            if (count == 0 && n > loc.Line && line == "}")
                break;
        }
        output.Write('\n');
    }

    private static string? Find(string shortName, string full) => Find(shortName, full, null);

    /// <summary>
    /// The local copy of source file <paramref name="full"/> (as the line table names it): the file itself,
    /// else under <paramref name="directory"/> (or <c>CRASHDIVE_SOURCE</c>) the kernel-relative
    /// <paramref name="shortName"/>, else the longest tail of the path that exists there (gdb's
    /// <c>directory</c> search: <c>/usr/src/linux-headers-X/fixtures/guest/f.c</c> is found as
    /// <c>DIR/fixtures/guest/f.c</c>). Null when none exists.
    /// </summary>
    public static string? Find(string shortName, string full, string? directory)
    {
        if (File.Exists(full))
            return full;
        string? root = string.IsNullOrEmpty(directory) ? Environment.GetEnvironmentVariable("CRASHDIVE_SOURCE") : directory;
        if (string.IsNullOrEmpty(root))
            return null;
        string candidate = Path.Combine(root, shortName);
        if (File.Exists(candidate))
            return candidate;
        string[] parts = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            candidate = Path.Combine(root, string.Join('/', parts, i, parts.Length - i));
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
