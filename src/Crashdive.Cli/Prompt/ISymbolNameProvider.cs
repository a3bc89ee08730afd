namespace Crashdive.Cli.Prompt;

/// <summary>
/// Names Tab completes after the command word: kernel symbols now; the symbols layer will add
/// vmlinux symbols, module symbols and type and member names behind the same interface.
/// </summary>
public interface ISymbolNameProvider
{
    /// <summary>Up to <paramref name="max"/> names starting with <paramref name="prefix"/>, in ordinal order.</summary>
    IReadOnlyList<string> NamesStartingWith(string prefix, int max);
}
