namespace Crashdive.Tests.Cli;

/// <summary>A temporary directory for one test, removed when disposed.</summary>
public sealed class TempFiles : IDisposable
{
    /// <summary>Creates a fresh directory under the system temp path.</summary>
    public TempFiles() => Dir = Directory.CreateTempSubdirectory("crashdive-test-").FullName;

    /// <summary>The directory.</summary>
    public string Dir { get; }

    /// <summary>Writes <paramref name="bytes"/> to a file named <paramref name="name"/> and returns its path.</summary>
    public string Write(string name, byte[] bytes)
    {
        string p = Path.Combine(Dir, name);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
