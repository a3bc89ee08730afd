using Crashdive.Cli.Parsing;
using Crashdive.Commands;
using Crashdive.Commands.Data;

namespace Crashdive.Cli;

// How the first word of a line finds what runs it, in crash's order: a command by name, then a
// struct or union name typed as the command. Each step is one line of Resolve; a word no step
// takes is "command not found".
public sealed partial class Session
{
    /// <summary>
    /// The command <paramref name="words"/> run and the words it runs with (the command's name first):
    /// a command by name (after gdb's <c>/x</c> or <c>/d</c> suffix); else crash's struct-name shorthand
    /// (<c>sk_buff ADDR</c> runs <c>struct sk_buff ADDR</c>); null when neither.
    /// </summary>
    private (ICommand Command, IReadOnlyList<string> Words)? Resolve(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
            return null;
        words = FormatSuffix.Rewrite(words);
        if (_commands.TryGetValue(words[0], out ICommand? command))
            return (command, words);
        if (StructShorthand.Rewrite(Kernel, words) is { } typed && _commands.TryGetValue(typed[0], out command))
            return (command, typed);
        return null;
    }
}
