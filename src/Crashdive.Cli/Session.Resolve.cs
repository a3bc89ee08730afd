using Crashdive.Cli.Parsing;
using Crashdive.Commands;
using Crashdive.Commands.Data;
using Crashdive.Commands.Gdb;

namespace Crashdive.Cli;

// How the first word of a line finds what runs it, in crash's order: a command by name, then a
// struct or union name typed as the command, then a word gdb knows as a command (crash puts "gdb" in
// front and hands the line to its gdb). Each step is one line of Resolve; a word no step takes is
// "command not found".
public sealed partial class Session
{
    /// <summary>
    /// The command <paramref name="words"/> run and the words it runs with (the command's name first):
    /// a command by name (gdb's commands with a <c>/FMT</c> suffix split off: <c>x/8gx</c> runs <c>x /8gx</c>); else
    /// crash's struct-name shorthand (<c>sk_buff ADDR</c> runs <c>struct sk_buff ADDR</c>); else a word gdb knows as
    /// a command (<c>i r</c> runs <c>gdb i r</c>); null when none.
    /// </summary>
    private (ICommand Command, IReadOnlyList<string> Words)? Resolve(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
            return null;
        IReadOnlyList<string> split = FormatSuffix.Rewrite(words);
        // only gdb's commands take a /FMT suffix: "rd/x" names nothing, as in crash
        bool suffixOk = split.Count == words.Count || GdbCommandTable.Resolve(split[0]) != null;
        if (suffixOk && _commands.TryGetValue(split[0], out ICommand? command))
            return (command, split);
        if (StructShorthand.Rewrite(Kernel, split) is { } typed && _commands.TryGetValue(typed[0], out command))
            return (command, typed);
        if (_commands.TryGetValue("gdb", out command) && GdbCommandTable.Route(words) is { } routed)
            return (command, routed);
        return null;
    }
}
