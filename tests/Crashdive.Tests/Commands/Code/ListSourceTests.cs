namespace Crashdive.Tests.Commands.Code;

/// <summary>
/// <c>l</c> / <c>list-source</c> on the module-oops case: the module's DWARF names its source
/// <c>fixtures/guest/fxoops.c</c> under its build directory; with the source directory set to the
/// repository root the listing is the repository file's lines around the function.
/// </summary>
public sealed class ListSourceTests
{
    private const string Dump = "oops/vmcore.kdump-zlib";

    private static string RepoRoot => Path.GetDirectoryName(Path.GetDirectoryName(Scripting.ScriptSession.Script("tasks.lua")))!;

    [Fact]
    public void ListsTheRepositoryFileAroundTheModuleFunction()
    {
        using var kernel = Fixtures.OpenKernel(Dump);
        CommandRunner.RunOk(kernel, $"mod -s fxoops {Fixtures.Path("kernel/modules/fxoops.ko")}");
        string[] file = File.ReadAllLines(Path.Combine(RepoRoot, "fixtures", "guest", "fxoops.c"));
        int definition = Array.FindIndex(file, l => l.StartsWith("static noinline void fxoops_touch(", StringComparison.Ordinal)) + 1;
        Assert.True(definition > 0, "fxoops.c defines fxoops_touch");

        // crash's own sym names the same line the listing is centred on (the function's opening line)
        string crashSym = Fixtures.CrashReference(Dump, "sym fxoops_touch");
        int symLine = int.Parse(crashSym.Trim().Split(": ")[^1], System.Globalization.CultureInfo.InvariantCulture);

        string output = CommandRunner.RunOk(kernel, $"l -d {RepoRoot} fxoops_touch");
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(10, lines.Length);
        int first = int.Parse(lines[0].Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Math.Max(1, symLine - 5), first);
        for (int i = 0; i < lines.Length; i++)
            Assert.Equal($"{first + i}\t{file[first + i - 1]}", lines[i]);
        Assert.Contains($"{definition}\t{file[definition - 1]}", lines);

        // the directory is remembered; "*address" names the function and file:line first
        string star = CommandRunner.RunOk(kernel, "l *fxoops_touch");
        Assert.StartsWith("0x", star);
        Assert.Contains($" is in fxoops_touch (", star);
        Assert.EndsWith($"fixtures/guest/fxoops.c:{symLine}).", star.Split('\n')[0]);
        Assert.Equal(lines, star.TrimEnd('\n').Split('\n').Skip(1));
    }

    [Fact]
    public void SaysTheSourceIsNotAvailableWithoutIt()
    {
        using var kernel = Fixtures.OpenKernel(Dump);
        CommandRunner.RunOk(kernel, $"mod -s fxoops {Fixtures.Path("kernel/modules/fxoops.ko")}");
        string empty = Directory.CreateTempSubdirectory("crashdive-nosrc").FullName;
        try
        {
            string output = CommandRunner.RunOk(kernel, $"l -d {empty} fxoops_touch");
            string crashSym = Fixtures.CrashReference(Dump, "sym fxoops_touch").Trim();
            string fileLine = crashSym[(crashSym.IndexOf("] ", StringComparison.Ordinal) + 2)..]; // "FILE: LINE"
            string file = fileLine[..fileLine.LastIndexOf(": ", StringComparison.Ordinal)];
            string line = fileLine[(fileLine.LastIndexOf(": ", StringComparison.Ordinal) + 2)..];
            Assert.Contains($"{file}:{line}", output);
            Assert.Contains("source is not available", output);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
