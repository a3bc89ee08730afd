using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Crashdive.Tests.Authorship;

/// <summary>
/// Fingerprints of the prose lines of crash's help text (crash's own words, under crash's licence): the first
/// 16 hex digits of the SHA-256 of each line of 40 characters or more, blanks trimmed, enclosing double quotes
/// dropped and runs of blanks made one (the normalisation of the project's copied-prose check). Only the
/// fingerprints are kept here, never the text.
/// </summary>
internal static partial class CrashProse
{
    /// <summary>Shortest line compared; shorter ones are too common to mean copying.</summary>
    public const int MinLength = 40;

    private static readonly Lazy<HashSet<string>> s_fingerprints = new(() =>
        [.. File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Authorship", "crash-help-prose.sha256-16"))
            .Split((char[])['\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries)]);

    /// <summary>How many fingerprints there are (a sanity check that the data file was found).</summary>
    public static int Count => s_fingerprints.Value.Count;

    /// <summary>The line as the fingerprints were made from it, or null when it is too short to count.</summary>
    public static string? Normalise(string line)
    {
        string s = Blanks().Replace(line.Trim().Trim('"'), " ").Trim();
        return s.Length >= MinLength ? s : null;
    }

    /// <summary>True when <paramref name="line"/> equals a prose line of crash's help.</summary>
    public static bool IsCopied(string line)
    {
        if (Normalise(line) is not string s)
            return false;
        string hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
        return s_fingerprints.Value.Contains(hex[..16]);
    }

    /// <summary>The lines of <paramref name="text"/> that equal crash's prose, with their line numbers (from 1).</summary>
    public static IEnumerable<(int Line, string Text)> CopiedLines(string text)
    {
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (IsCopied(lines[i]))
                yield return (i + 1, lines[i].Trim());
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blanks();
}
