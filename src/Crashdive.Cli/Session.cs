using Crashdive.Cli.Builtins;
using Crashdive.Cli.Output;
using Crashdive.Cli.Parsing;
using Crashdive.Cli.Prompt;
using Crashdive.Commands;
using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Scripting;
using Crashdive.Symbols;

namespace Crashdive.Cli;

/// <summary>
/// One analysis session: the kernel in the dump, the commands, aliases and settings, and the
/// loop that reads command lines (from the prompt or a batch), sets up each line's output
/// (pipe, file, pager) and runs it. The one place where command failures become messages.
/// </summary>
public sealed partial class Session : IDisposable, ICommandLineRunner
{
    /// <summary>crash's prompt, which scripts driving the prompt look for.</summary>
    public const string Prompt = "crash> ";

    private readonly SessionIO _io;
    private readonly Dictionary<string, ICommand> _commands = new(StringComparer.Ordinal);
    private CancellationTokenSource? _running;

    /// <summary>A session over <paramref name="kernel"/> offering <paramref name="commands"/> and the prompt's own commands.</summary>
    public Session(KernelProgram kernel, string vmlinux, SessionIO io, IEnumerable<ICommand> commands)
    {
        Kernel = kernel;
        Vmlinux = vmlinux;
        _io = io;
        ICommand[] builtins =
        [
            new AliasCommand(this), new HelpCommand(this), new RepeatCommand(this), new SetCommand(),
            new QuitCommand(this, "q"), new QuitCommand(this, "exit"),
        ];
        foreach (var c in builtins)
            _commands[c.Name] = c;
        foreach (var c in commands)
            _commands.TryAdd(c.Name, c); // the prompt's own commands win (its "set" wraps the task layer's)
        Aliases = new AliasTable(_commands.ContainsKey);
        SessionSettings settings = SessionSettings.Of(kernel);
        settings.Scroll = true;
        settings.Pager = Pager.Describe();
        settings.Namelist = vmlinux;
    }

    /// <summary>The kernel in the dump.</summary>
    public KernelProgram Kernel { get; }

    /// <summary>The kernel image with debuginfo.</summary>
    public string Vmlinux { get; }

    /// <summary>The opened dump.</summary>
    public DumpFile Dump => Kernel.Dump;

    /// <summary>The session's aliases.</summary>
    public AliasTable Aliases { get; }

    /// <summary>Every command by name, the prompt's own included.</summary>
    public IReadOnlyDictionary<string, ICommand> Commands => _commands;

    /// <summary>crash's <c>set scroll</c>: page long output at an interactive terminal (on by default), kept in the session's <see cref="SessionSettings"/>.</summary>
    public bool Scroll
    {
        get => SessionSettings.Of(Kernel).Scroll;
        set => SessionSettings.Of(Kernel).Scroll = value;
    }

    /// <summary>True while reading from the interactive prompt (paging and shells need it).</summary>
    public bool Interactive { get; private set; }

    /// <summary>Set by <c>q</c> and <c>exit</c>.</summary>
    public bool ExitRequested { get; set; }

    /// <summary>Opens the dump; prints a banner unless <paramref name="silent"/>.</summary>
    public static Session Open(string vmlinux, string vmcore, SessionIO io, bool silent)
    {
        var dump = DumpOpener.Open(vmcore);
        SymbolFile symbols;
        try
        {
            symbols = SymbolFile.Open(vmlinux);
        }
        catch
        {
            dump.Dispose();
            throw;
        }
        var s = new Session(new KernelProgram(dump, symbols), vmlinux, io, CommandRegistry.CreateAll());
        SessionSettings.Of(s.Kernel).Silent = silent;
        SessionSettings.Of(s.Kernel).Dumpfile = vmcore;
        s.AddCommand(new LuaCommand(s.Kernel, s));
        s.AddCommand(new Crashdive.Scripting.CSharp.CsxCommand(s.Kernel, s));
        if (s.Kernel.VmlinuxMismatch() is string mismatch)
            io.Err.WriteLine($"WARNING: {mismatch}: types and symbols may be wrong");
        if (!silent)
        {
            io.Out.WriteLine($"crashdive {typeof(Session).Assembly.GetName().Version?.ToString(3)}");
            io.Out.WriteLine($"      KERNEL: {vmlinux}");
            io.Out.WriteLine($"    DUMPFILE: {vmcore}");
            io.Out.WriteLine();
        }
        s.TraceTiming("start-up");
        return s;
    }

    /// <summary>Opens the dump with output to plain writers (the earlier signature, kept for callers).</summary>
    public static Session Open(string vmlinux, string vmcore, TextWriter stdout, TextWriter stderr, bool silent) =>
        Open(vmlinux, vmcore, SessionIO.ForWriters(stdout, stderr), silent);

    /// <summary>
    /// Runs lines from <paramref name="input"/> until its end or <c>q</c>, echoing each command
    /// after the prompt as crash does unless <paramref name="echo"/> is false (<c>-s</c>).
    /// Returns <see cref="ExitCodes.BadInput"/> when any command failed.
    /// </summary>
    public int RunBatch(TextReader input, bool echo)
    {
        int rc = ExitCodes.Ok;
        var reader = new PlainLineReader(input, prompt: null);
        while (!ExitRequested && reader.ReadLine() is string line)
        {
            string t = line.Trim();
            if (echo && t.Length > 0 && !t.StartsWith('#') && !t.StartsWith("//", StringComparison.Ordinal))
            {
                _io.Out.WriteLine(Prompt + t);
                _io.Out.Flush();
            }
            if (!Execute(line))
                rc = ExitCodes.BadInput;
        }
        return rc;
    }

    /// <summary>
    /// The interactive prompt: the line editor when standard input and output are a terminal
    /// it can drive, else plain lines from <paramref name="input"/> after a printed prompt.
    /// Ctrl-C cancels the running command; the session ends at <c>q</c>, <c>exit</c> or end of input.
    /// </summary>
    public int RunInteractive(TextReader input)
    {
        Interactive = true;
        using var interrupts = new InterruptHandler(Interrupt);
        try
        {
            ILineReader reader = EditorLineReader.IsSupported(_io)
                ? new EditorLineReader(new PromptCompletion(CompletionNames, new KallsymsNameProvider(Kernel), new DwarfMemberNameProvider(Kernel)), HistoryFile.ForUser())
                : new PlainLineReader(input, _io.Out);
            while (!ExitRequested && reader.ReadLine() is string line)
                Execute(line);
            return ExitCodes.Ok;
        }
        finally
        {
            Interactive = false;
        }
    }

    /// <summary>Ctrl-C: cancels the running command, if any (its next write or check stops it).</summary>
    public void Interrupt()
    {
        try
        {
            Volatile.Read(ref _running)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command ended as the key came.
        }
    }

    /// <summary>Runs one line (aliases, <c>| pipe</c>, <c>&gt; file</c>, <c>!shell</c>); false when it failed.</summary>
    public bool Execute(string line)
    {
        CommandLine parsed;
        try
        {
            parsed = CommandLineParser.Parse(Aliases.Expand(line));
        }
        catch (CommandLineException e)
        {
            return Fail($"crash: {e.Message}");
        }
        bool ok = parsed.Kind switch
        {
            LineKind.Empty => true,
            LineKind.Command => RunCommand(parsed),
            _ => RunShell(parsed),
        };
        if (parsed.Kind == LineKind.Command)
            TraceTiming(line.Trim());
        return ok;
    }

    /// <summary>
    /// Runs the command named by <paramref name="words"/>[0] with the rest as arguments, in
    /// <paramref name="context"/> (for <c>repeat</c>, which runs a command inside its own
    /// line's output). Errors propagate to the caller.
    /// </summary>
    public void Dispatch(IReadOnlyList<string> words, CommandContext context)
    {
        if (Resolve(words) is not { } found)
            throw new CommandNotFoundException(FormatSuffix.Rewrite(words)[0]);
        ICommand command = found.Command;
        var args = found.Words.Skip(1).ToList();
        if (args.Remove("--json"))
        {
            if (command is not IJsonCommand json)
                throw new CommandUsageException("--json is not offered by this command");
            json.ExecuteJson(context, args);
            return;
        }
        command.Execute(context, args);
    }

    /// <summary>The command called <paramref name="name"/>, through an alias if need be, or null.</summary>
    public ICommand? Find(string name) =>
        _commands.TryGetValue(name, out var c) ? c
        : Aliases.Find(name) is Alias a && _commands.TryGetValue(a.Words[0], out var target) ? target
        : null;

    private IEnumerable<string> CompletionNames() => _commands.Keys.Concat(Aliases.All.Select(a => a.Name));

    private bool RunCommand(CommandLine line)
    {
        if (Resolve(line.Words) is not { } found)
            return Fail($"crash: command not found: {FormatSuffix.Rewrite(line.Words)[0]}");
        string name = found.Words[0];

        using var cancellation = new CancellationTokenSource();
        CommandOutput output;
        try
        {
            output = CommandOutput.Open(line, _io, page: Scroll && Interactive, cancellation);
        }
        catch (CommandLineException e)
        {
            return Fail($"crash: {e.Message}");
        }

        Exception? failure = null;
        bool cancelled = false;
        Volatile.Write(ref _running, cancellation);
        // A spinner while the first use of types waits for the debuginfo index (interactive only).
        IndexingIndicator? indexing = Interactive && _io.OutputIsTerminal ? IndexingIndicator.For(Kernel.Vmlinux, _io.Err) : null;
        try
        {
            Dispatch(line.Words, new CommandContext(Kernel, output.Writer, cancellation.Token));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            cancelled = true;
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            indexing?.Dispose();
            Volatile.Write(ref _running, null);
        }

        // Close before reporting: a pipeline's output is copied into the same writers.
        string? pagerError = output.Close();
        if (pagerError != null)
        {
            Scroll = false;
            _io.Err.WriteLine($"crash: cannot start the pager ({pagerError}); scrolling is now off");
        }
        if (cancelled)
        {
            if (output.Writer.ReaderGone)
                return true; // the reader went away (`| head`, the pager quit): done
            if (Interactive)
                _io.Out.WriteLine(); // Ctrl-C: stopped; the prompt starts on a fresh line
            return false;
        }
        return failure == null || Report(name, failure);
    }

    private bool RunShell(CommandLine line)
    {
        if (line.Kind == LineKind.InteractiveShell && !Interactive)
            return Fail("crash: an interactive shell needs the interactive prompt");
        try
        {
            string shell = Environment.GetEnvironmentVariable("SHELL") is { Length: > 0 } sh ? sh : "/bin/sh";
            using var child = line.Kind == LineKind.InteractiveShell
                ? ChildProcess.Start(shell, ChildInput.Inherit, _io, [shell])
                : ChildProcess.Start(line.Shell!, Interactive ? ChildInput.Inherit : ChildInput.None, _io);
            return child.Finish() == 0;
        }
        catch (CommandLineException e)
        {
            return Fail($"crash: {e.Message}");
        }
    }

    /// <summary>Prints a failure as crash does; always false.</summary>
    private bool Report(string name, Exception e) => Fail(FailureText(name, e));

    /// <summary>What the prompt prints for <paramref name="e"/> failing command <paramref name="name"/> (lines joined by newlines).</summary>
    private string FailureText(string name, Exception e)
    {
        switch (e)
        {
            case CommandNotFoundException nf:
                return $"crash: command not found: {nf.Name}";
            case CommandLineFailedException nested:
                return nested.Message; // a command line run inside this one (repeat, a script) already worded it
            case CommandUsageException usage:
                var text = new System.Text.StringBuilder();
                if (usage.Message.Length > 0)
                    text.Append($"{name}: {usage.Message}\n");
                // crash's cmd_usage: the synopsis as declared, continuation lines keeping their indentation
                return text.Append(_commands[name].Spec.Usage).ToString();
            case not null when e.GetType().Namespace?.StartsWith("Crashdive.", StringComparison.Ordinal) == true:
                // Our own exceptions carry one-line messages meant for the user (CommandException,
                // MemoryFaultException, KernelLayoutException, DumpFormatException, ...).
                return $"{name}: {e.Message}";
            default:
                return $"{name}: internal error: {e!.GetType().Name}: {e.Message}";
        }
    }

    private bool Fail(string message)
    {
        _io.Err.WriteLine(message);
        _io.Err.Flush();
        return false;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var c in _commands.Values)
            (c as IDisposable)?.Dispose();
        Kernel.Dispose();
    }
}
