namespace Crashdive.Commands;

/// <summary>Every command crashdive offers, by name. Add new commands here, one line each.</summary>
public static class CommandRegistry
{
    /// <summary>A fresh instance of every command.</summary>
    public static IReadOnlyList<ICommand> CreateAll() =>
    [
        new LogCommand(),
    ];
}
