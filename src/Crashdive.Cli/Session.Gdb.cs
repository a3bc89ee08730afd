using Crashdive.Cli.Parsing;
using Crashdive.Commands.Gdb;

namespace Crashdive.Cli;

// What the prompt does with a line's first word before running it, as crash's exec_command does: a command
// name (with gdb's /FMT suffix split off), else a word gdb knows as a command (crash puts "gdb" in front and
// hands the line to its gdb), else "command not found". Kept apart so that other fallbacks (crash's
// shorthand for a type or symbol typed as a command, which crash tries before gdb) slot in beside it.
public sealed partial class Session
{
    /// <summary>
    /// The words to dispatch for a typed line's <paramref name="words"/>: the command's name and arguments, or the
    /// line routed to the <c>gdb</c> command; null when the first word names nothing.
    /// </summary>
    private IReadOnlyList<string>? Route(IReadOnlyList<string> words)
    {
        IReadOnlyList<string> split = FormatSuffix.Rewrite(words);
        // only gdb's commands take a /FMT suffix: "rd/x" names nothing, as in crash
        if (_commands.ContainsKey(split[0]) && (split.Count == words.Count || GdbCommandTable.Resolve(split[0]) != null))
            return split;
        if (_commands.ContainsKey("gdb") && GdbCommandTable.Route(words) is IReadOnlyList<string> routed)
            return routed;
        return null;
    }
}
