using Crashdive.Kernel;

namespace Crashdive.Helpers.Modules;

/// <summary>
/// Finds a module's object file (.ko with debuginfo) the way crash does, and beyond: the directories
/// are searched recursively for <c>NAME.ko</c>, <c>NAME.ko.debug</c> and <c>NAME.o</c>, with '-' and '_'
/// taken as the same letter. Compressed files (<c>.ko.xz</c>, <c>.ko.zst</c>, <c>.ko.gz</c>) are found
/// and reported, since they cannot be read as they are.
/// </summary>
public static class ModuleFiles
{
    /// <summary>Deepest directory level searched below a search root.</summary>
    public const int MaxDepth = 10;

    /// <summary>Most directory entries looked at in one search root.</summary>
    public const int MaxEntries = 200_000;

    private static readonly string[] PlainSuffixes = [".ko", ".ko.debug", ".o"];
    private static readonly string[] CompressedSuffixes = [".ko.xz", ".ko.zst", ".ko.gz"];

    /// <summary>
    /// The directories searched when none is given, in order: the debug tree the vmlinux came from
    /// (<c>X/usr/lib/debug/boot/vmlinux-R</c> gives <c>X/usr/lib/debug/lib/modules/R</c>), a <c>modules</c>
    /// directory beside the vmlinux, <c>/usr/lib/debug/lib/modules/R</c> (Red Hat and Debian dbgsym),
    /// <c>$CRASH_MODULE_PATH</c>, <c>/lib/modules/R/updates</c>, <c>/lib/modules/R</c>, and last the
    /// vmlinux's own directory tree (crash's fallback). Directories that do not exist are left out.
    /// </summary>
    public static IReadOnlyList<string> SearchPath(KernelProgram kernel)
    {
        string? release = Release(kernel);
        var dirs = new List<string>();
        string? vmlinuxDir = kernel.Vmlinux?.Path is string v ? Path.GetDirectoryName(Path.GetFullPath(v)) : null;
        if (kernel.Vmlinux?.Path is string vm && release != null)
        {
            string full = Path.GetFullPath(vm);
            int at = full.IndexOf("/usr/lib/debug/", StringComparison.Ordinal);
            if (at >= 0)
                dirs.Add(Path.Combine(full[..at], "usr/lib/debug/lib/modules", release));
        }
        if (vmlinuxDir != null)
            dirs.Add(Path.Combine(vmlinuxDir, "modules"));
        if (release != null)
            dirs.Add(Path.Combine("/usr/lib/debug/lib/modules", release));
        if (Environment.GetEnvironmentVariable("CRASH_MODULE_PATH") is string env && env.Length > 0)
            dirs.Add(env);
        if (release != null)
        {
            dirs.Add(Path.Combine("/lib/modules", release, "updates"));
            dirs.Add(Path.Combine("/lib/modules", release));
        }
        if (vmlinuxDir != null)
            dirs.Add(vmlinuxDir);
        var result = new List<string>();
        foreach (string d in dirs)
        {
            if (Directory.Exists(d) && !result.Contains(d))
                result.Add(d);
        }
        return result;
    }

    /// <summary>The kernel release: VMCOREINFO's OSRELEASE, else <c>init_uts_ns.name.release</c>, or null.</summary>
    public static string? Release(KernelProgram kernel)
    {
        if (kernel.VmcoreInfo?.OsRelease is string r && r.Length > 0)
            return r;
        try
        {
            return kernel.FindVariable("init_uts_ns")?.Member("name.release").ReadString(65);
        }
        catch (Exception e) when (e is KernelObjectException or Dumps.MemoryFaultException)
        {
            return null;
        }
    }

    /// <summary>
    /// The object file of module <paramref name="module"/>: searched in <paramref name="directory"/> only
    /// when given, else along <see cref="SearchPath"/>. <paramref name="fileName"/>, when given, is the
    /// file name to look for instead of the module's (crash's <c>mod -s NAME FILE</c> with a FILE that
    /// is not a path to an existing file). Null when nothing is found; a <see cref="ModuleException"/>
    /// when only a compressed file is.
    /// </summary>
    public static string? Find(KernelProgram kernel, string module, string? directory = null, string? fileName = null)
    {
        IEnumerable<string> roots = directory != null ? [directory] : SearchPath(kernel);
        string? compressed = null;
        foreach (string root in roots)
        {
            string? found = SearchTree(root, module, fileName, ref compressed);
            if (found != null)
                return found;
        }
        if (compressed != null)
            throw new ModuleException($"{compressed}: compressed module object file: decompress it first (xz -dk, zstd -d or gunzip -k), then use mod -s {module} FILE");
        return null;
    }

    private static string? SearchTree(string root, string module, string? fileName, ref string? compressed)
    {
        string wanted = Modules.NormalName(module);
        var pending = new Queue<(string Dir, int Depth)>();
        pending.Enqueue((root, 0));
        int entries = 0;
        // breadth first: the shallowest match wins, and names are compared in sorted order for a stable answer
        while (pending.Count > 0)
        {
            var (dir, depth) = pending.Dequeue();
            string[] files, subdirs;
            try
            {
                files = Directory.GetFiles(dir);
                subdirs = depth < MaxDepth ? Directory.GetDirectories(dir) : [];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            Array.Sort(files, StringComparer.Ordinal);
            Array.Sort(subdirs, StringComparer.Ordinal);
            entries += files.Length + subdirs.Length;
            foreach (string f in files)
            {
                string name = Path.GetFileName(f);
                if (fileName != null)
                {
                    if (name == fileName)
                        return f;
                    continue;
                }
                if (Matches(name, wanted, PlainSuffixes))
                    return f;
                if (compressed == null && Matches(name, wanted, CompressedSuffixes))
                    compressed = f;
            }
            if (entries > MaxEntries)
                break;
            foreach (string s in subdirs)
                pending.Enqueue((s, depth + 1));
        }
        return null;
    }

    private static bool Matches(string fileName, string wanted, string[] suffixes)
    {
        foreach (string suffix in suffixes)
        {
            if (fileName.Length == wanted.Length + suffix.Length && fileName.EndsWith(suffix, StringComparison.Ordinal)
                && Modules.NormalName(fileName[..wanted.Length]) == wanted)
                return true;
        }
        return false;
    }

    /// <summary>True when <paramref name="path"/> starts with the ELF magic.</summary>
    public static bool IsElf(string path)
    {
        try
        {
            using var f = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[4];
            return f.Read(magic) == 4 && magic[0] == 0x7f && magic[1] == (byte)'E' && magic[2] == (byte)'L' && magic[3] == (byte)'F';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
