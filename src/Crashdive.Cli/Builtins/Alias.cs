namespace Crashdive.Cli.Builtins;

/// <summary>One alias: its name, the words it stands for, and where it came from.</summary>
public sealed record Alias(string Name, IReadOnlyList<string> Words, AliasOrigin Origin)
{
    /// <summary>The text that replaces the alias at the start of a line.</summary>
    public string Expansion => string.Join(' ', Words);
}
