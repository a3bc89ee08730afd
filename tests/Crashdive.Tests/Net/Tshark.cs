using System.Diagnostics;

namespace Crashdive.Tests.Net;

/// <summary>Runs tshark (Wireshark's reader) on a capture file, when it is installed.</summary>
public static class Tshark
{
    /// <summary>Path of tshark on the PATH, or null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "tshark")).FirstOrDefault(File.Exists);

    /// <summary>tshark's lines for <c>-r FILE -T fields -e F...</c> (tab-separated fields); fails the test when tshark fails.</summary>
    public static IReadOnlyList<string[]> Fields(string tshark, string file, params string[] fields)
    {
        var psi = new ProcessStartInfo(tshark) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-n", "-r", file, "-T", "fields" })
            psi.ArgumentList.Add(a);
        foreach (string f in fields)
        {
            psi.ArgumentList.Add("-e");
            psi.ArgumentList.Add(f);
        }
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            Assert.Fail($"tshark failed on {file} ({p.ExitCode}): {err.Result}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
    }

    /// <summary>Hex text of an ASCII string, as tshark prints data.data.</summary>
    public static string Hex(string s) => Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(s)).ToLowerInvariant();
}
