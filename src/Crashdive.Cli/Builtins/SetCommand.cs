using Crashdive.Cli.Output;
using Crashdive.Commands;

namespace Crashdive.Cli.Builtins;

/// <summary>
/// <c>set</c>, for the session's own settings: <c>set scroll [on|off]</c> as in crash; every other
/// form (task context: <c>set PID</c>, <c>set -p</c>, <c>set -c CPU</c>) goes to the task layer's <c>set</c>.
/// </summary>
public sealed class SetCommand(Session session) : ICommand
{
    /// <inheritdoc/>
    public string Name => "set";

    /// <inheritdoc/>
    public string Summary => "set a process context or internal crash variable";

    /// <inheritdoc/>
    public string Help => _tasks.Help;

    private readonly Crashdive.Commands.Tasks.SetCommand _tasks = new();

    /// <summary>The help of the prompt's own settings, before task context existed.</summary>
    public static string ScrollHelp => """
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
        if (args.Count == 0 || args[0] != "scroll")
        {
            _tasks.Execute(context, args);
            return;
        }
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
