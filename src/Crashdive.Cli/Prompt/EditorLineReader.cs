using RadLine;
using Spectre.Console;

namespace Crashdive.Cli.Prompt;

/// <summary>
/// The interactive prompt: RadLine's line editor with crash's prompt, history kept in
/// <see cref="HistoryFile"/> (Up and Down walk it), Tab completion, and readline's Ctrl keys
/// (A, E, K, U, P, N; C clears the line, D on an empty line ends the session).
/// Only for a terminal that <see cref="IsSupported"/>.
/// </summary>
public sealed class EditorLineReader : ILineReader
{
    private readonly LineEditor _editor;
    private readonly HistoryFile _history;

    /// <summary>An editor completing with <paramref name="completion"/>, its history loaded from <paramref name="history"/>.</summary>
    public EditorLineReader(ITextCompletion completion, HistoryFile history)
    {
        _history = history;
        _editor = new LineEditor(AnsiConsole.Console)
        {
            Prompt = new CrashPrompt(),
            Completion = completion,
            MultiLine = false,
        };
        var keys = _editor.KeyBindings;
        keys.Add<PreviousHistoryCommand>(ConsoleKey.UpArrow);
        keys.Add<NextHistoryCommand>(ConsoleKey.DownArrow);
        keys.Add<PreviousHistoryCommand>(ConsoleKey.P, ConsoleModifiers.Control);
        keys.Add<NextHistoryCommand>(ConsoleKey.N, ConsoleModifiers.Control);
        keys.Add<MoveHomeCommand>(ConsoleKey.A, ConsoleModifiers.Control);
        keys.Add<MoveEndCommand>(ConsoleKey.E, ConsoleModifiers.Control);
        keys.Add(ConsoleKey.U, ConsoleModifiers.Control, () => new KillLineCommand(toStart: true));
        keys.Add(ConsoleKey.K, ConsoleModifiers.Control, () => new KillLineCommand(toStart: false));
        keys.Add<ClearLineCommand>(ConsoleKey.C, ConsoleModifiers.Control);
        keys.Add<EndOfInputCommand>(ConsoleKey.D, ConsoleModifiers.Control);
        foreach (var line in history.Load())
            _editor.History.Add(line);
    }

    /// <summary>True when standard input and output are a terminal the editor can drive.</summary>
    public static bool IsSupported(SessionIO io) =>
        io.OutputIsConsole && io.OutputIsTerminal && !Console.IsInputRedirected && LineEditor.IsSupported(AnsiConsole.Console);

    /// <inheritdoc/>
    public string? ReadLine()
    {
        // Ctrl-C reaches the editor as a key (clearing the line) instead of as SIGINT.
        bool old = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        string? line;
        try
        {
            line = _editor.ReadLine(CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            Console.TreatControlCAsInput = old;
        }
        if (line != null)
            _history.Append(line.Trim());
        return line;
    }
}
