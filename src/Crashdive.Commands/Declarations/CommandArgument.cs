namespace Crashdive.Commands;

/// <summary>One positional argument of a command (a word that is not an option): its name as the synopsis shows it, and what crashdive does with it.</summary>
public sealed record CommandArgument(string Name, string Meaning);
