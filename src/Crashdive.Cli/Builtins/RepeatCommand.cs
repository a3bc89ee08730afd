using System.Globalization;
using Crashdive.Commands;

namespace Crashdive.Cli.Builtins;

/// <summary>
/// <c>repeat [-seconds] command</c>: runs a command again and again into the same output,
/// as crash does, until Ctrl-C, the reader of the output goes away, or <see cref="MaxRepetitions"/>.
/// </summary>
public sealed class RepeatCommand(Session session) : ICommand
{
    /// <summary>Bound on repetitions, so a batch that repeats cannot run forever.</summary>
    public const int MaxRepetitions = 10_000;

    /// <summary>Longest delay accepted between repetitions, in seconds.</summary>
    public const int MaxDelaySeconds = 24 * 60 * 60;

    /// <inheritdoc/>
    public string Name => "repeat";

    /// <inheritdoc/>
    public string Summary => "repeat a command";

    /// <inheritdoc/>
    public string Help => $"""
        NAME
          repeat - repeat a command

        SYNOPSIS
          repeat [-seconds] command

        DESCRIPTION
          This command repeats a command indefinitely, optionally delaying a given
          number of seconds between each command execution.

            -seconds   The number of seconds to delay between command executions.
                       This option must precede the command name to be executed.

          Command execution may be stopped with CTRL-C, or if scrolling is in effect,
          by entering "q" in the pager.  It stops by itself after {MaxRepetitions} executions.
          On a crash dump every execution prints the same thing; it is meant for
          watching a value, as with crash on a live system.

        EXAMPLES
          Display the newest kernel message every second:

            crash> repeat -1 log | tail -1
        """;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
            throw new CommandUsageException("");
        int first = 0;
        int delay = 0;
        if (args[0].StartsWith('-'))
        {
            if (!int.TryParse(args[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out delay))
                throw new CommandUsageException($"invalid delay: {args[0]}");
            if (delay > MaxDelaySeconds)
                throw new CommandException($"delay too long: {delay} seconds (at most {MaxDelaySeconds})");
            first = 1;
        }
        if (first >= args.Count)
            throw new CommandUsageException("");

        var words = args.Skip(first).ToList();
        if (session.Aliases.Find(words[0]) is Alias alias)
            words = [.. alias.Words, .. words.Skip(1)];

        var token = context.Cancellation;
        for (int i = 0; i < MaxRepetitions && !session.ExitRequested; i++)
        {
            session.Dispatch(words, context);
            context.Out.Flush();
            if (delay > 0)
                token.WaitHandle.WaitOne(TimeSpan.FromSeconds(delay));
            token.ThrowIfCancellationRequested();
        }
    }
}
