using Crashdive.Cli.Output;
using Crashdive.Commands;

namespace Crashdive.Cli.Builtins;

/// <summary>
/// <c>set</c>, for the session's own settings: <c>set scroll [on|off]</c> as in crash.
/// Task context (<c>set PID</c>, <c>set -p</c>) comes with the task layer.
/// </summary>
public sealed class SetCommand(Session session) : ICommand
{
    /// <inheritdoc/>
    public string Name => "set";

    /// <inheritdoc/>
    public string Summary => "set a process context or internal crash variable";

    /// <inheritdoc/>
    public string Help => """
        NAME
          set - set a process context or internal crash variable

        SYNOPSIS
          set scroll [on | off | 1 | 0]

        DESCRIPTION
          This command sets an internal variable of the session.  Setting the task
          context (set PID, set -p, set -c CPU) is not available yet.

            scroll  on | off   page output longer than the screen through $CRASHPAGER,
                    1 | 0      $PAGER or "less -E -X -R" (interactive terminal only).
                               Without a value, shows the setting.

        EXAMPLES
            crash> set scroll off
            scroll: off (less -E -X -R)
        """;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
            throw new CommandException("task context is not available yet (only \"set scroll\" works)");
        if (args[0].StartsWith('-'))
            throw new CommandUsageException($"invalid option -- '{(args[0].Length > 1 ? args[0][1] : '-')}'");
        if (args[0] != "scroll")
            throw new CommandException($"invalid set command: {args[0]} (only \"set scroll\" works yet)");
        if (args.Count > 2)
            throw new CommandUsageException($"unexpected argument: {args[2]}");
        if (args.Count == 2)
        {
            session.Scroll = args[1] switch
            {
                "on" or "1" => true,
                "off" or "0" => false,
                _ => throw new CommandException($"invalid scroll setting: {args[1]} (on or off)"),
            };
        }
        context.Out.WriteLine($"scroll: {(session.Scroll ? "on" : "off")} ({Pager.Describe()})");
    }
}
