namespace Crashdive.Cli.Builtins;

/// <summary>The texts of <c>help input</c> and <c>help output</c>: how the command line works.</summary>
public static class HelpTopics
{
    /// <summary><c>help input</c>.</summary>
    public const string Input = """
        Interactive commands are read by a line editor with a history kept in
        ~/.crashdive_history (the newest 1000 lines).

          Up, Down, Ctrl-P, Ctrl-N   walk the history
          Left, Right, Home, End     move in the line (also Ctrl-A, Ctrl-E)
          Ctrl-U, Ctrl-K             delete to the start, to the end of the line
          Tab                        complete a command name (first word) or a kernel
                                     symbol name (other words); Tab again for the next
          Ctrl-C                     at the prompt: drop the line; while a command
                                     runs: stop it and return to the prompt
          Ctrl-D                     on an empty line: end the session

        Words are separated by blanks; "..." and '...' make one word of what they
        enclose, and an expression in parentheses is one word.  A first word that is
        an alias (see "alias") is replaced by the command string it stands for.

        When standard input is not a terminal, or with -i FILE, commands are read one
        per line and each is echoed after the prompt (not with -s); blank lines and
        lines starting with # are skipped.  The exit status is 1 when a command failed.

          !command    run a shell command
          !           start an interactive shell
          q, exit     end the session
        """;

    /// <summary><c>help output</c>.</summary>
    public const string Output = """
        Every command's output can be sent elsewhere at the end of its command line:

          command | shell pipeline   the output becomes the standard input of the
                                     pipeline, run by /bin/sh -c (so "log | grep -i
                                     usb | tail -3" works); a "!" outside quotes and
                                     parentheses is a pipe too, as in crash
          command > file             the output replaces the file's contents
          command >> file            the output is appended to the file

        A "|" or ">" inside quotes or parentheses, and the "->" of an expression, are
        part of the command.

        At an interactive terminal, output longer than the screen is shown through a
        pager: $CRASHPAGER or $PAGER when set, else "less -E -X -R".  "set scroll off"
        (alias "sf") turns this off, "set scroll on" ("sn") back on.  Leaving the pager
        with "q" stops the command.
        """;
}
