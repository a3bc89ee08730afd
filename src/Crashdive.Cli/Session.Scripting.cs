using Crashdive.Cli.Output;
using Crashdive.Cli.Parsing;
using Crashdive.Commands;

namespace Crashdive.Cli;

// The seam scripts run command lines through: the same parsing, aliases, dispatch, pipes and
// redirects as a typed line, with the output captured instead of printed.
public sealed partial class Session
{
    /// <summary>Offers one more command (the session's own, such as <c>lua</c>, made after the session).</summary>
    public void AddCommand(ICommand command) => _commands[command.Name] = command;

    /// <summary>Runs the command <paramref name="words"/>[0] with the rest as its arguments, as if typed (no alias, pipe or redirect); false when it failed.</summary>
    public bool Execute(IReadOnlyList<string> words) =>
        words.Count == 0 || RunCommand(new CommandLine { Kind = LineKind.Command, Words = words });

    /// <inheritdoc/>
    public void RunLine(string line, TextWriter output, CancellationToken cancellation)
    {
        CommandLine parsed;
        try
        {
            parsed = CommandLineParser.Parse(Aliases.Expand(line));
        }
        catch (CommandLineException e)
        {
            throw new CommandLineFailedException($"crash: {e.Message}");
        }
        var io = SessionIO.ForWriters(output, _io.Err);
        switch (parsed.Kind)
        {
            case LineKind.Empty:
                return;
            case LineKind.InteractiveShell:
                throw new CommandLineFailedException("crash: an interactive shell needs the interactive prompt");
            case LineKind.Shell:
                RunCapturedShell(parsed.Shell!, io);
                return;
        }

        if (Resolve(parsed.Words) is not { } found)
            throw new CommandLineFailedException($"crash: command not found: {FormatSuffix.Rewrite(parsed.Words)[0]}");
        string name = found.Words[0];
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        CommandOutput target;
        try
        {
            target = CommandOutput.Open(parsed, io, page: false, linked);
        }
        catch (CommandLineException e)
        {
            throw new CommandLineFailedException($"crash: {e.Message}");
        }
        Exception? failure = null;
        try
        {
            Dispatch(parsed.Words, new CommandContext(Kernel, target.Writer, linked.Token));
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            // The reader of a pipeline went away (`| head`): the command is done, as at the prompt.
        }
        catch (OperationCanceledException)
        {
            target.Close();
            throw;
        }
        catch (Exception e)
        {
            failure = e;
        }
        target.Close();
        if (failure != null)
            throw new CommandLineFailedException(FailureText(name, failure));
    }

    private static void RunCapturedShell(string command, SessionIO io)
    {
        try
        {
            using var child = ChildProcess.Start(command, ChildInput.None, io);
            child.Finish();
        }
        catch (CommandLineException e)
        {
            throw new CommandLineFailedException($"crash: {e.Message}");
        }
    }
}
