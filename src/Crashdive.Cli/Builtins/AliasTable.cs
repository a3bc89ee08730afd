using Crashdive.Commands;

namespace Crashdive.Cli.Builtins;

/// <summary>
/// The session's aliases, with crash's rules (cmdline.c): an alias is one word standing for a
/// command line whose first word is a real command; it may not hide a command; it is replaced
/// once, at the start of a line, before pipes and redirections are looked for (so a quoted
/// <c>"log | tail"</c> keeps its pipe). crash's built-in aliases are there from the start when
/// the command they name exists.
/// </summary>
public sealed class AliasTable
{
    /// <summary>crash's built-in aliases (alias_init in cmdline.c; <c>last</c> comes from task.c).</summary>
    private static readonly string[][] BuiltinAliases =
    [
        ["man", "help"], ["?", "help"], ["quit", "q"],
        ["sf", "set", "scroll", "off"], ["sn", "set", "scroll", "on"],
        ["hex", "set", "radix", "16"], ["dec", "set", "radix", "10"],
        ["g", "gdb"], ["px", "p", "-x"], ["pd", "p", "-d"], ["for", "foreach"], ["size", "*"],
        ["dmesg", "log"], ["lsmod", "mod"], ["last", "ps", "-l"],
    ];

    private readonly Func<string, bool> _isCommand;
    private readonly List<Alias> _aliases = [];

    /// <summary>A table holding the built-in aliases whose command <paramref name="isCommand"/> knows.</summary>
    public AliasTable(Func<string, bool> isCommand)
    {
        _isCommand = isCommand;
        foreach (var b in BuiltinAliases)
            if (isCommand(b[1]))
                _aliases.Add(new Alias(b[0], b[1..], AliasOrigin.Builtin));
    }

    /// <summary>Every alias, in the order crash lists them (built-ins, then newest last).</summary>
    public IReadOnlyList<Alias> All => _aliases;

    /// <summary>The alias named <paramref name="name"/>, or null.</summary>
    public Alias? Find(string name) => _aliases.Find(a => a.Name == name);

    /// <summary>
    /// Makes <paramref name="name"/> stand for <paramref name="words"/> (which may be one quoted
    /// string holding several words). Throws <see cref="CommandException"/> with crash's wording
    /// when the name is a command or the first word is not.
    /// </summary>
    public Alias Define(string name, IReadOnlyList<string> words)
    {
        var split = words.SelectMany(w => w.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (_isCommand(name))
            throw new CommandException($"cannot alias existing command name: {name}");
        if (split.Count == 0)
            throw new CommandException($"invalid alias attempt on non-existent command: ");
        if (!_isCommand(split[0]))
            throw new CommandException($"invalid alias attempt on non-existent command: {split[0]}");
        Remove(name);
        var alias = new Alias(name, split, AliasOrigin.Runtime);
        _aliases.Add(alias);
        return alias;
    }

    /// <summary>Deletes <paramref name="name"/>; false when there was no such alias.</summary>
    public bool Remove(string name) => _aliases.RemoveAll(a => a.Name == name) > 0;

    /// <summary>
    /// <paramref name="line"/> with a leading alias replaced by what it stands for (once, as in
    /// crash's resolve_aliases), or the line unchanged.
    /// </summary>
    public string Expand(string line)
    {
        string s = line.TrimStart();
        int end = 0;
        while (end < s.Length && !char.IsWhiteSpace(s[end]) && s[end] is not ('|' or '>'))
            end++;
        if (end == 0 || Find(s[..end]) is not Alias alias)
            return line;
        return alias.Expansion + " " + s[end..].TrimStart();
    }
}
