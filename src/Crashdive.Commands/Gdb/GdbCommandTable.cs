namespace Crashdive.Commands.Gdb;

/// <summary>
/// gdb 16's top-level command names and aliases, and how gdb finds a command from what was typed: an exact
/// name or alias, else the one name the word is a prefix of (a prefix of several is ambiguous, no command).
/// crash hands a word to gdb only when gdb finds a command for it, so this also decides which unknown words
/// are gdb's.
/// </summary>
public static class GdbCommandTable
{
    /// <summary>Each alias gdb defines for the commands below, and the command it stands for.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["p"] = "print", ["inspect"] = "print", ["i"] = "info", ["inf"] = "info", ["l"] = "list",
        ["bt"] = "backtrace", ["where"] = "backtrace", ["f"] = "frame", ["b"] = "break", ["br"] = "break",
        ["bre"] = "break", ["brea"] = "break", ["c"] = "continue", ["cont"] = "continue", ["fg"] = "continue",
        ["d"] = "delete", ["dir"] = "directory", ["fin"] = "finish", ["h"] = "help", ["j"] = "jump",
        ["n"] = "next", ["ni"] = "nexti", ["s"] = "step", ["si"] = "stepi", ["r"] = "run", ["u"] = "until",
        ["t"] = "thread", ["gcore"] = "generate-core-file", ["core"] = "core-file", ["py"] = "python",
        ["pi"] = "python-interactive", ["gu"] = "guile", ["gr"] = "guile-repl", ["mt"] = "maintenance",
        ["po"] = "print-object", ["rc"] = "reverse-continue", ["rn"] = "reverse-next", ["rni"] = "reverse-nexti",
        ["rs"] = "reverse-step", ["rsi"] = "reverse-stepi", ["rec"] = "record", ["fo"] = "forward-search",
        ["search"] = "forward-search", ["rev"] = "reverse-search", ["ov"] = "overlay", ["ovly"] = "overlay",
        ["tp"] = "trace", ["tr"] = "trace", ["tra"] = "trace", ["trac"] = "trace", ["ws"] = "while-stepping",
        ["stepping"] = "while-stepping", ["w"] = "with", ["!"] = "shell", ["|"] = "pipe", ["sy"] = "shell",
        ["disas"] = "disassemble",
    };

    /// <summary>gdb 16's top-level commands.</summary>
    private static readonly string[] Commands =
    [
        "actions", "add-auto-load-safe-path", "add-auto-load-scripts-directory", "add-inferior", "add-symbol-file",
        "add-symbol-file-from-memory", "advance", "agent-printf", "alias", "append", "apropos", "attach", "awatch",
        "backtrace", "break", "break-range", "call", "catch", "cd", "checkpoint", "clear", "clone-inferior",
        "collect", "commands", "compare-sections", "compile", "complete", "condition", "continue", "core-file",
        "define", "define-prefix", "delete", "demangle", "detach", "directory", "disable", "disassemble",
        "disconnect", "display", "document", "dont-repeat", "down", "down-silently", "dprintf", "dump", "echo",
        "edit", "enable", "end", "eval", "exec-file", "explore", "faas", "file", "find", "finish", "flash-erase",
        "flushregs", "forward-search", "frame", "ftrace", "function", "generate-core-file", "goto-bookmark",
        "guile", "guile-repl", "handle", "hbreak", "help", "if", "ignore", "inferior", "info", "init-if-undefined",
        "interpreter-exec", "interrupt", "jit-reader-load", "jit-reader-unload", "jump", "kill", "layout", "list",
        "load", "macro", "maintenance", "make", "mem", "memory-tag", "monitor", "new-ui", "next", "nexti",
        "nosharedlibrary", "output", "overlay", "passcount", "path", "pipe", "print", "print-object", "printf",
        "ptype", "pwd", "python", "python-interactive", "queue-signal", "rbreak", "record", "refresh", "remote",
        "remove-inferiors", "remove-symbol-file", "restart", "restore", "return", "reverse-continue",
        "reverse-finish", "reverse-next", "reverse-nexti", "reverse-search", "reverse-step", "reverse-stepi",
        "run", "rwatch", "save", "section", "select-frame", "set", "sharedlibrary", "shell", "show", "signal",
        "skip", "source", "start", "starti", "step", "stepi", "stop", "strace", "symbol-file", "taas", "tbreak",
        "tcatch", "tdump", "teval", "tfaas", "tfind", "thbreak", "thread", "trace", "tsave", "tstart", "tstatus",
        "tstop", "tty", "tui", "tvariable", "undisplay", "unset", "until", "up", "up-silently", "update",
        "watch", "whatis", "where", "while", "while-stepping", "winheight", "with", "x",
    ];

    /// <summary>gdb commands crash refuses outright (they would run or change a program).</summary>
    private static readonly HashSet<string> Prohibited = new(StringComparer.Ordinal)
    {
        "run", "r", "break", "b", "tbreak", "hbreak", "thbreak", "rbreak", "watch", "rwatch", "awatch", "attach",
        "continue", "c", "fg", "detach", "finish", "handle", "interrupt", "jump", "kill", "next", "nexti",
        "signal", "step", "s", "stepi", "target", "until", "delete", "clear", "disable", "enable", "condition",
        "ignore", "catch", "tcatch", "return", "file", "exec-file", "core-file", "symbol-file", "load", "si",
        "ni", "shell", "sy",
    };

    /// <summary>
    /// The command gdb finds for <paramref name="word"/> (the text before any <c>/</c>): its full name, or null
    /// when gdb finds none or the word is an ambiguous prefix.
    /// </summary>
    public static string? Resolve(string word)
    {
        if (word.Length == 0)
            return null;
        if (Aliases.TryGetValue(word, out string? alias))
            return alias;
        string? found = null;
        foreach (string c in Commands)
        {
            if (c == word)
                return c;
            if (c.StartsWith(word, StringComparison.Ordinal))
            {
                if (found != null)
                    return null; // ambiguous
                found = c;
            }
        }
        if (found != null)
        {
            foreach (string a in Aliases.Keys)
            {
                if (a.StartsWith(word, StringComparison.Ordinal) && Aliases[a] != found)
                    return null;
            }
        }
        return found;
    }

    /// <summary>True when crash refuses <paramref name="word"/> as a gdb command that would run or change a program.</summary>
    public static bool IsProhibited(string word) => Prohibited.Contains(word);

    /// <summary>
    /// The words a prompt line starts with rewritten as crash rewrites a line for gdb (<c>gdb</c> put in front),
    /// or null when the first word is no gdb command. <paramref name="words"/>[0] may carry a <c>/FMT</c>.
    /// </summary>
    public static IReadOnlyList<string>? Route(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
            return null;
        string first = words[0];
        int slash = first.IndexOf('/');
        string word = slash > 0 ? first[..slash] : first;
        if (!IsProhibited(word) && Resolve(word) == null)
            return null;
        var routed = new List<string>(words.Count + 1) { "gdb" };
        routed.AddRange(words);
        return routed;
    }
}
