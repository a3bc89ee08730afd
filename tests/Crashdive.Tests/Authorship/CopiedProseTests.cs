using Crashdive.Cli.Builtins;
using Crashdive.Cli.Docs;
using Crashdive.Tests.Prompt;

namespace Crashdive.Tests.Authorship;

/// <summary>
/// crash's help text is crash's, under crash's licence: none of its prose may come back, neither in the help
/// crashdive prints nor anywhere in the sources. The check holds fingerprints of crash's lines, not the lines.
/// </summary>
public sealed class CopiedProseTests
{
    /// <summary>The repository's root: the nearest directory above the test binaries that holds crashdive.slnx.</summary>
    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "crashdive.slnx")))
                return d.FullName;
        }
        throw new InvalidOperationException("crashdive.slnx not found above " + AppContext.BaseDirectory);
    }

    private static readonly string[] Extensions = [".cs", ".md", ".txt", ".lua", ".1", ".sh", ".json", ".bash"];
    private static readonly string[] Skipped = ["obj", "bin", ".git", "node_modules"];

    [Fact]
    public void TheFingerprintsAreThere()
    {
        Assert.True(CrashProse.Count > 2000, $"{CrashProse.Count} fingerprints");
    }

    [Fact]
    public void TheCheckRecognisesALineOfCrashsShape()
    {
        // The normalisation matters: blanks and enclosing quotes must not hide a copy. A line of ours, padded
        // and quoted, is normalised to itself; a short line never counts.
        Assert.Equal("Prints the contents of memory from a starting address.", CrashProse.Normalise("  \"Prints the   contents of memory from a starting address.\"  "));
        Assert.Null(CrashProse.Normalise("too short to count"));
        Assert.False(CrashProse.IsCopied("Prints the contents of memory from a starting address."));
    }

    [Fact]
    public void NoHelpTextCrashdivePrintsHoldsCrashsProse()
    {
        using var s = new TestSession();
        var found = new List<string>();
        // the session's commands, and the catalog's (which adds lua and csx, made after a session opens)
        var specs = s.Session.Commands.Values.Select(c => c.Spec).Concat(CommandCatalog.All());
        foreach (var spec in specs)
        {
            foreach (var (line, text) in CrashProse.CopiedLines(spec.Help))
                found.Add($"help {spec.Name}, line {line}: {text}");
        }
        foreach (var (topic, text) in new[] { ("input", HelpTopics.Input), ("output", HelpTopics.Output) })
        {
            foreach (var (line, copied) in CrashProse.CopiedLines(text))
                found.Add($"help {topic}, line {line}: {copied}");
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void NoSourceFileHoldsCrashsProse()
    {
        string root = RepositoryRoot();
        var found = new List<string>();
        int files = 0;
        foreach (string top in new[] { "src", "scripts", "docs" })
        {
            string dir = Path.Combine(root, top);
            if (Directory.Exists(dir))
                Scan(dir, root, found, ref files);
        }
        foreach (string file in Directory.EnumerateFiles(root, "*.md"))
            Check(file, root, found, ref files);
        Assert.True(files > 100, $"only {files} files scanned under {root}");
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    private static void Scan(string dir, string root, List<string> found, ref int files)
    {
        foreach (string file in Directory.EnumerateFiles(dir))
        {
            if (Extensions.Any(e => file.EndsWith(e, StringComparison.Ordinal)))
                Check(file, root, found, ref files);
        }
        foreach (string sub in Directory.EnumerateDirectories(dir))
        {
            if (!Skipped.Contains(Path.GetFileName(sub)))
                Scan(sub, root, found, ref files);
        }
    }

    private static void Check(string file, string root, List<string> found, ref int files)
    {
        files++;
        foreach (var (line, text) in CrashProse.CopiedLines(File.ReadAllText(file)))
            found.Add($"{Path.GetRelativePath(root, file)}:{line}: {text}");
    }
}
