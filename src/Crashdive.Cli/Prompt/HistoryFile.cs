using System.Text;

namespace Crashdive.Cli.Prompt;

/// <summary>
/// The user's command history, <c>~/.crashdive_history</c>: one line per command, newest last,
/// appended as commands are entered and cut back to the newest <see cref="MaxEntries"/> when it
/// has grown to twice that. History is a convenience: a file that cannot be read or written
/// is ignored.
/// </summary>
public sealed class HistoryFile(string path)
{
    /// <summary>How many lines are kept.</summary>
    public const int MaxEntries = 1000;

    /// <summary>Only the last this many bytes of a (corrupt, huge) file are read.</summary>
    private const int MaxReadBytes = 1 << 20;

    private string? _last;

    /// <summary>The file in the user's home directory.</summary>
    public static HistoryFile ForUser() =>
        new(System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".crashdive_history"));

    /// <summary>The file's path.</summary>
    public string Path { get; } = path;

    /// <summary>The newest <see cref="MaxEntries"/> lines, oldest first (empty when there is no file).</summary>
    public IReadOnlyList<string> Load()
    {
        try
        {
            if (!File.Exists(Path))
                return [];
            using var f = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            long start = Math.Max(0, f.Length - MaxReadBytes);
            f.Position = start;
            var lines = new List<string>();
            using (var r = new StreamReader(f, Encoding.UTF8))
            {
                if (start > 0)
                    r.ReadLine(); // a partial line
                while (r.ReadLine() is string line)
                    if (line.Length > 0)
                        lines.Add(line);
            }
            if (lines.Count >= 2 * MaxEntries || start > 0)
            {
                lines = lines[^Math.Min(lines.Count, MaxEntries)..];
                File.WriteAllLines(Path, lines);
            }
            else if (lines.Count > MaxEntries)
            {
                lines = lines[^MaxEntries..];
            }
            _last = lines.Count > 0 ? lines[^1] : null;
            return lines;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Adds <paramref name="line"/> unless it is blank or repeats the previous entry.</summary>
    public void Append(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || line == _last || line.Contains('\n'))
            return;
        _last = line;
        try
        {
            File.AppendAllText(Path, line + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No history then.
        }
    }
}
