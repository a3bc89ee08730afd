namespace Crashdive.Tests.Support;

/// <summary>What the guest said about itself before it crashed (ground-truth.txt of a fixture run).</summary>
public sealed class GroundTruth
{
    private GroundTruth(string[] lines) => Lines = lines;

    /// <summary>Every line of the file.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Reads <paramref name="relative"/> under the fixtures directory, e.g. "kdump/ground-truth.txt".</summary>
    public static GroundTruth Load(string relative) => new(File.ReadAllLines(Fixtures.Path(relative)));

    /// <summary>The kernel release from the "uname:" line (<c>uname -a</c>: the third word is <c>uname -r</c>).</summary>
    public string UnameRelease
    {
        get
        {
            var line = Lines.FirstOrDefault(l => l.StartsWith("uname: ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException("ground truth has no uname: line");
            return line["uname: ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        }
    }
}
