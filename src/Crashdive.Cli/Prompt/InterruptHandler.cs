namespace Crashdive.Cli.Prompt;

/// <summary>
/// Catches Ctrl-C (SIGINT) for an interactive session and calls <paramref name="interrupt"/>
/// instead of ending the process: the running command is cancelled and the prompt comes
/// back. At the prompt itself the line editor reads Ctrl-C as a key. Not installed for a
/// batch, which Ctrl-C simply ends.
/// </summary>
public sealed class InterruptHandler : IDisposable
{
    private readonly Action _interrupt;

    /// <summary>Starts catching Ctrl-C.</summary>
    public InterruptHandler(Action interrupt)
    {
        _interrupt = interrupt;
        Console.CancelKeyPress += OnCancel;
    }

    /// <inheritdoc/>
    public void Dispose() => Console.CancelKeyPress -= OnCancel;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (e.SpecialKey != ConsoleSpecialKey.ControlC)
            return;
        e.Cancel = true;
        _interrupt();
    }
}
