using System.Diagnostics;
using System.Text;

namespace Crashdive.Tests.Commands;

/// <summary>
/// Runs the reference <c>crash</c> (9.0.2, from the Debian sid chroot the fixture builder keeps in the cache,
/// fixtures/lib/sid.sh) once over a list of commands and returns each command's standard output. Commands are
/// separated by <c>!echo</c> markers; output a command leaves without a final newline (as <c>rd -a</c> does) stays so.
/// </summary>
public static class CrashReference
{
    /// <summary>The crash release the differential tables expect.</summary>
    public const string ExpectedVersion = "crash 9.0.2";

    private const string Marker = "@@@CRASHDIVE-MARK-";

    private static readonly Lazy<string> BinaryPath = new(FindBinary);

    /// <summary>
    /// Path of the crash binary: env <c>CRASHDIVE_CRASH</c>, else the sid chroot's wrapper made by fixtures/build.sh.
    /// Fails the test with a clear message when there is none or when it is not <see cref="ExpectedVersion"/>.
    /// </summary>
    public static string Binary() => BinaryPath.Value;

    private static string FindBinary()
    {
        string path = ReferenceTools.Path("crash", "CRASHDIVE_CRASH");
        string version = RunProcess(path, ["--version"], "", TimeSpan.FromSeconds(60)).Stdout
            .Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        if (version != ExpectedVersion)
            Assert.Fail($"{path} is \"{version}\", the differential tables were written against \"{ExpectedVersion}\"");
        return path;
    }

    /// <summary>Runs <paramref name="commands"/> in one crash session on <paramref name="dump"/>; returns each command's output.</summary>
    public static IReadOnlyList<string> Run(string vmlinux, string dump, IReadOnlyList<string> commands)
    {
        var input = new StringBuilder();
        for (int i = 0; i < commands.Count; i++)
        {
            input.Append($"!echo {Marker}{i}@@@\n");
            input.Append(commands[i]).Append('\n');
        }
        input.Append($"!echo {Marker}{commands.Count}@@@\n");
        var (stdout, stderr) = RunProcess(Binary(), ["-s", "--no_crashrc", vmlinux, dump], input.ToString(), TimeSpan.FromMinutes(10));
        var outputs = new List<string>(commands.Count);
        for (int i = 0; i < commands.Count; i++)
        {
            string begin = $"{Marker}{i}@@@\n", end = $"{Marker}{i + 1}@@@\n";
            int b = stdout.IndexOf(begin, StringComparison.Ordinal);
            int e = b < 0 ? -1 : stdout.IndexOf(end, b, StringComparison.Ordinal);
            if (b < 0 || e < 0)
                Assert.Fail($"crash output lacks the marker around command {i} `{commands[i]}`; stderr:\n{stderr}\nstdout tail:\n{Tail(stdout)}");
            outputs.Add(stdout[(b + begin.Length)..e]);
        }
        return outputs;
    }

    private static string Tail(string s) => s.Length > 2000 ? s[^2000..] : s;

    internal static (string Stdout, string Stderr) RunProcess(string file, string[] args, string stdin, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["TERM"] = "dumb";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not finish within {timeout}");
        }
        return (stdoutTask.Result, stderrTask.Result);
    }
}
