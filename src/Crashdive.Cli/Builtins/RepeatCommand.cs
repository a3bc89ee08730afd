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
    public CommandSpec Spec => Declaration;

    /// <summary>The declaration, static so that the man page and completion can list it without a session.</summary>
    public static CommandSpec Declaration { get; } = new()
    {
        Name = "repeat",
        Summary = "repeat a command",
        Synopsis = "[-seconds] command",
        Description = $"""
            Runs the rest of the line over and over, waiting the given number of seconds between runs, until
            Ctrl-C, until "q" is typed in the pager, until whatever reads the output goes away, or after
            {MaxRepetitions} runs. A dump does not change, so each run prints the same; this is for people used
            to watching a value with crash on a live system, and for scripts that expect the command.
            """,
        Options =
        [
            new("-seconds", null, "the pause between runs, in whole seconds; it must come before the command"),
        ],
        Arguments = [new("command", "the command line to run, with its own options, pipes and redirections")],
        Examples = [new("repeat -1 log | tail -1", "the newest kernel message, every second")],
    };

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
