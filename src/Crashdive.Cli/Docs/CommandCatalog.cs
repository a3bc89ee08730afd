using Crashdive.Cli.Builtins;
using Crashdive.Commands;
using Crashdive.Scripting;
using Crashdive.Scripting.CSharp;

namespace Crashdive.Cli.Docs;

/// <summary>The declarations of every command the prompt offers, without opening a dump: for the man page and shell completion.</summary>
public static class CommandCatalog
{
    /// <summary>Every command's declaration, sorted by name: the registry's, the prompt's own, and the scripting commands.</summary>
    public static IReadOnlyList<CommandSpec> All()
    {
        var byName = new SortedDictionary<string, CommandSpec>(StringComparer.Ordinal);
        foreach (var spec in new[]
        {
            AliasCommand.Declaration, HelpCommand.Declaration, RepeatCommand.Declaration,
            QuitCommand.DeclarationFor("q"), QuitCommand.DeclarationFor("exit"),
            LuaCommand.Declaration, CsxCommand.Declaration,
        })
            byName[spec.Name] = spec;
        foreach (var command in CommandRegistry.CreateAll())
            byName.TryAdd(command.Name, command.Spec);
        return [.. byName.Values];
    }
}
