using System.Diagnostics;

namespace Crashdive.Tests.Commands;

/// <summary>Runs a drgn script (python3-drgn, the second reference) on a dump and returns what it printed; fails the test when drgn fails.</summary>
public static class DrgnScript
{
    /// <summary>The standard output of <paramref name="script"/> run by drgn on <paramref name="dump"/> with <paramref name="vmlinux"/>.</summary>
    public static string Run(string vmlinux, string dump, string script)
    {
        string file = Path.Combine(Path.GetTempPath(), $"crashdive-drgn-{Guid.NewGuid():n}.py");
        File.WriteAllText(file, script);
        try
        {
            var psi = new ProcessStartInfo("drgn") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
