using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>Byte-for-byte comparison of our output with crash's for a list of commands, reporting every mismatch at once.</summary>
public static class CrashComparison
{
    /// <summary>Fails listing each of <paramref name="commands"/> whose output on <paramref name="kernel"/> differs from <paramref name="crash"/>'s.</summary>
    public static void AssertSame(KernelProgram kernel, IReadOnlyList<string> commands, IReadOnlyList<string> crash)
    {
        var failures = new List<string>();
        for (int i = 0; i < commands.Count; i++)
        {
            string ours = CommandRunner.Run(kernel, commands[i]);
            if (ours != crash[i])
                failures.Add($"`{commands[i]}`\n--- crash\n{crash[i]}--- crashdive\n{ours}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
