using RadLine;

namespace Crashdive.Cli.Prompt;

/// <summary>
/// What Tab offers at the prompt: command and alias names for the first word (and after
/// <c>help</c> and <c>repeat [-N]</c>), symbol names for the other words, member names after a dot
/// (<c>struct task_struct.se</c>, <c>p init_net.ge</c>), type names after <c>struct</c>, <c>union</c>,
/// <c>whatis</c> and <c>*</c>, nothing for options,
/// nor after a <c>|</c> or <c>&gt;</c> (the shell's and the file's business).
/// </summary>
public sealed class PromptCompletion(Func<IEnumerable<string>> commandNames, ISymbolNameProvider symbols, IMemberNameProvider? members = null) : ITextCompletion
{
    /// <summary>Most symbol names offered for one prefix.</summary>
    public const int MaxSymbols = 500;

    /// <inheritdoc/>
    public IEnumerable<string>? GetCompletions(string prefix, string word, string suffix)
    {
        if (prefix.IndexOfAny(['|', '>', '!']) >= 0)
            return null;
        string[] before = prefix.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (before.Length == 0 || CommandExpected(before))
            return commandNames().Where(n => n.StartsWith(word, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (word.Length == 0 || word[0] == '-')
            return null;
        int dot = word.LastIndexOf('.');
        if (dot > 0 && members != null)
        {
            // struct task_struct.se<Tab>, union X.y, *X.y (a type); p init_net.ge<Tab> (a variable).
            bool rootIsType = before[0] is "struct" or "union" or "*";
            string path = word[..dot];
            var found = members.MembersStartingWith(path, rootIsType, word[(dot + 1)..], MaxSymbols);
            return found.Count > 0 ? found.Select(m => path + "." + m).ToList() : null;
        }
        if (dot < 0 && members != null && before.Length == 1 && before[0] is "struct" or "union" or "*" or "whatis")
        {
            // struct task_s<Tab>: type names first (whatis and * also take symbols)
            var types = members.TypesStartingWith(before[0], word, MaxSymbols);
            if (types.Count > 0 || before[0] is "struct" or "union")
                return types.Count > 0 ? types : null;
        }
        var names = symbols.NamesStartingWith(word, MaxSymbols);
        return names.Count > 0 ? names : null;
    }

    // "help CMD", "repeat [-secs] CMD": the word names a command.
    private static bool CommandExpected(string[] before) => before[0] switch
    {
        "help" or "man" => true,
        "repeat" => before.Skip(1).All(w => w.StartsWith('-')),
        _ => false,
    };
}
