namespace Crashdive.Tests;

public static partial class Fixtures
{
    /// <summary>
    /// What Debian's crash 8.0.2 printed for <paramref name="command"/> (a line of fixtures/crash-cmds.txt)
    /// on fixture dump <paramref name="dumpRelative"/>, cut from ref/DUMP/crash.out at its <c>@@@ COMMAND</c>
    /// markers. Fails the test when the reference or the command is missing.
    /// </summary>
    public static string CrashReference(string dumpRelative, string command)
    {
        int slash = dumpRelative.IndexOf('/');
        string path = Path($"{dumpRelative[..slash]}/ref/{dumpRelative[(slash + 1)..]}/crash.out");
        string marker = "@@@ " + command + "\n";
        string text = File.ReadAllText(path);
        int start = text.StartsWith(marker, StringComparison.Ordinal) ? 0 : text.IndexOf("\n" + marker, StringComparison.Ordinal) + 1;
        if (start <= 0 && !text.StartsWith(marker, StringComparison.Ordinal))
            Assert.Fail($"{path}: no output for \"{command}\" (is it in fixtures/crash-cmds.txt?)");
        start += marker.Length;
        int end = text.IndexOf("\n@@@ ", start - 1, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..(end + 1)];
    }
}
