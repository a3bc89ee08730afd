using Crashdive.Commands;
using Crashdive.Dumps;
using Crashdive.Kernel;

namespace Crashdive.Cli;

/// <summary>
/// One analysis session: the dump and kernel image it was started with, and the command loop.
/// Commands that need the kernel layers say so until those layers exist.
/// </summary>
public sealed class Session : IDisposable
{
    private readonly TextWriter _out;
    private readonly TextWriter _err;

    private readonly Dictionary<string, ICommand> _commands = new(StringComparer.Ordinal);

    private Session(string vmlinux, DumpFile dump, TextWriter stdout, TextWriter stderr)
    {
        Vmlinux = vmlinux;
        Dump = dump;
        Kernel = new KernelProgram(dump);
        _out = stdout;
        _err = stderr;
        foreach (var c in CommandRegistry.CreateAll())
            _commands[c.Name] = c;
    }

    /// <summary>The kernel in the dump.</summary>
    public KernelProgram Kernel { get; }

    /// <summary>The kernel image with debuginfo.</summary>
    public string Vmlinux { get; }

    /// <summary>The opened dump.</summary>
    public DumpFile Dump { get; }

    /// <summary>Opens the dump; prints a banner unless <paramref name="silent"/>.</summary>
    public static Session Open(string vmlinux, string vmcore, TextWriter stdout, TextWriter stderr, bool silent)
    {
        var dump = DumpOpener.Open(vmcore);
        var s = new Session(vmlinux, dump, stdout, stderr);
        if (!silent)
        {
            stdout.WriteLine($"crashdive {typeof(Session).Assembly.GetName().Version?.ToString(3)}");
            stdout.WriteLine($"      KERNEL: {vmlinux}");
            stdout.WriteLine($"    DUMPFILE: {vmcore}");
            stdout.WriteLine();
        }
        return s;
    }

    /// <summary>Reads commands until end of input or <c>q</c>; returns the exit code.</summary>
    public int RunCommands(TextReader input, bool interactive)
    {
        int rc = ExitCodes.Ok;
        while (true)
        {
            if (interactive)
                _out.Write("crashdive> ");
            string? line = input.ReadLine();
            if (line == null)
                break;
            line = line.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line is "q" or "quit" or "exit")
                break;
            if (!Execute(line))
                rc = ExitCodes.BadInput;
        }
        return rc;
    }

    /// <summary>Runs one command line; false when it failed.</summary>
    public bool Execute(string line)
    {
        string[] words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        try
        {
            switch (words[0])
            {
                case "help" when words.Length > 1 && words[1] is "-D" or "-n":
                    DumpInfoReport.Write(Dump, _out);
                    return true;
                case "help" when words.Length > 1 && _commands.TryGetValue(words[1], out var helped):
                    _out.WriteLine(helped.Help);
                    return true;
                case "help":
                    foreach (var c in _commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
                        _out.WriteLine($"{c.Name,-10} {c.Summary}");
                    _out.WriteLine($"{"help",-10} this list; help CMD for a command, help -D for the dump's facts");
                    _out.WriteLine($"{"q",-10} exit");
                    return true;
            }
            if (!_commands.TryGetValue(words[0], out var command))
            {
                _err.WriteLine($"crashdive: {words[0]}: command not available yet");
                return false;
            }
            command.Execute(new CommandContext(Kernel, _out), words[1..]);
            return true;
        }
        catch (CommandException e)
        {
            _err.WriteLine($"{words[0]}: {e.Message}");
            return false;
        }
        catch (MemoryFaultException e)
        {
            _err.WriteLine($"{words[0]}: {e.Message}");
            return false;
        }
        catch (KernelLayoutException e)
        {
            _err.WriteLine($"{words[0]}: {e.Message}");
            return false;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Dump.Dispose();
}
