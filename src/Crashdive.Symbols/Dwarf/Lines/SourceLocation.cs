namespace Crashdive.Symbols.Dwarf.Lines;

/// <summary>A source position from a line table: the file's path as the compiler recorded it, line and column (0: unknown).</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>"file:line", as crash's <c>bt -l</c> and addr2line print it.</summary>
    public override string ToString() => $"{File}:{Line}";
}
