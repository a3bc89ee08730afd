using System.Diagnostics;

namespace Crashdive.Tests.Commands;

/// <summary>
/// Runs a drgn script on a dump with drgn 0.3.0 (the second reference, from the sid chroot the fixture builder keeps)
/// and returns what it printed; fails the test when drgn fails.
/// </summary>
public static class DrgnScript
{
    /// <summary>The drgn release the drgn-judged tables expect.</summary>
    public const string ExpectedVersion = "drgn 0.3.0";

    private static readonly Lazy<string> BinaryPath = new(() =>
    {
        string path = ReferenceTools.Path("drgn", "CRASHDIVE_DRGN");
        string first = CrashReference.RunProcess(path, ["--version"], "", TimeSpan.FromSeconds(60)).Stdout.Split('\n')[0];
        string version = string.Join(' ', first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2));
        if (version != ExpectedVersion)
            Assert.Fail($"{path} is \"{version}\", the drgn tables were written against \"{ExpectedVersion}\"");
        return path;
    });

    /// <summary>The drgn wrapper (or <c>CRASHDIVE_DRGN</c>), checked to be <see cref="ExpectedVersion"/>.</summary>
    public static string Binary() => BinaryPath.Value;

    /// <summary>The standard output of <paramref name="script"/> run by drgn on <paramref name="dump"/> with <paramref name="vmlinux"/>.</summary>
    public static string Run(string vmlinux, string dump, string script)
    {
        string file = Path.Combine(Path.GetTempPath(), $"crashdive-drgn-{Guid.NewGuid():n}.py");
        File.WriteAllText(file, script);
        try
        {
            var psi = new ProcessStartInfo(Binary()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in new[] { "-q", "-c", dump, "-s", vmlinux, file })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start drgn");
            var err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                p.Kill(entireProcessTree: true);
                Assert.Fail("drgn did not finish within 5 minutes");
            }
            Assert.True(p.ExitCode == 0, "drgn failed: " + err.Result);
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
