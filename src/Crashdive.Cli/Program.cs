using System.CommandLine;
using Crashdive.Dumps;

namespace Crashdive.Cli;

/// <summary>The <c>crashdive</c> program: <c>crashdive [options] VMLINUX VMCORE</c>, in either order.</summary>
public static class Program
{
    /// <summary>Entry point; returns one of <see cref="ExitCodes"/>.</summary>
    public static int Main(string[] args) => Run(args, Console.In, SessionIO.ForConsole(), interactiveInput: !Console.IsInputRedirected);

    /// <summary>Runs the program with the given streams as batch input and output (tests call this directly).</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        Run(args, stdin, SessionIO.ForWriters(stdout, stderr), interactiveInput: false);

    /// <summary>
    /// Runs the program: <paramref name="interactiveInput"/> says standard input is a terminal
    /// (the prompt), else it is read as a batch of commands.
    /// </summary>
    public static int Run(string[] args, TextReader stdin, SessionIO io, bool interactiveInput)
    {
        TextWriter stdout = io.Out, stderr = io.Err;
        // -l SCRIPT [args]: every word after the script is the script's (Lua's arg table).
        string[] scriptArgs = [];
        int lua = Array.IndexOf(args, "-l");
        if (lua >= 0 && lua + 1 < args.Length)
        {
            scriptArgs = args[(lua + 2)..];
            args = args[..(lua + 2)];
        }
        if (Docs.DocsOption.Wanted(args))
            return Docs.DocsOption.Run(args, stdout, stderr);
        var dumpInfo = new Option<string?>("--dumpinfo")
        {
            Description = "Print everything the dump layer knows about VMCORE (format, pages, CPUs, VMCOREINFO) and exit",
            HelpName = "VMCORE",
        };
        var inputFile = new Option<string?>("-i")
        {
            Description = "Run the commands in FILE first (echoed after the prompt unless -s), then read standard input as crash does; end FILE with q to exit",
            HelpName = "FILE",
        };
        var silent = new Option<bool>("-s") { Description = "Quiet start: no banner" };
        var luaScript = new Option<string?>("-l")
        {
            Description = "Run the Lua script FILE (the words after it are its arguments, Lua's arg table) and exit",
            HelpName = "FILE",
        };
        var files = new Argument<string[]>("files")
        {
            Description = "VMLINUX (the kernel with debuginfo) and VMCORE (the dump), in either order",
            Arity = ArgumentArity.ZeroOrMore,
        };
        // --man and --completion are handled above (no dump needed); they are declared here for --help.
        var man = new Option<string?>("--man")
        {
            Description = "Print the manual page in roff (crashdive --man | man -l -), or one command's page",
            HelpName = "COMMAND",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var completion = new Option<string?>("--completion")
        {
            Description = "Print a bash completion script for crashdive",
            HelpName = "bash",
        };
        var root = new RootCommand("crashdive: a Linux kernel crash-dump analyzer with crash's commands")
        {
            dumpInfo, inputFile, silent, luaScript, man, completion, files,
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
                stderr.WriteLine($"crashdive: {e.Message}");
            stderr.WriteLine("Usage: crashdive [options] VMLINUX VMCORE   (crashdive --help for more)");
            return ExitCodes.Usage;
        }
        if (parsed.Action is not null && parsed.CommandResult.Command == root && parsed.GetValue(dumpInfo) == null
            && (args.Contains("--help") || args.Contains("-h") || args.Contains("-?") || args.Contains("--version")))
        {
            parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
            return ExitCodes.Ok;
        }

        try
        {
            string? info = parsed.GetValue(dumpInfo);
            if (info != null)
            {
                using var dump = DumpOpener.Open(info);
                DumpInfoReport.Write(dump, stdout);
                return ExitCodes.Ok;
            }
            string[] names = parsed.GetValue(files) ?? [];
            if (names.Length != 2)
            {
                stderr.WriteLine(names.Length < 2
                    ? "crashdive: need a VMLINUX and a VMCORE"
                    : $"crashdive: too many files: {string.Join(' ', names)}");
                stderr.WriteLine("Usage: crashdive [options] VMLINUX VMCORE   (crashdive --help for more)");
                return ExitCodes.Usage;
            }
            var (vmlinux, vmcore) = FileRoles.Sort(names[0], names[1]);
            string? script = parsed.GetValue(inputFile);
            if (script != null && !File.Exists(script))
            {
                stderr.WriteLine($"crashdive: -i {script}: no such file");
                return ExitCodes.BadInput;
            }
            string? luaFile = parsed.GetValue(luaScript);
            if (luaFile != null && !File.Exists(luaFile))
            {
                stderr.WriteLine($"crashdive: -l {luaFile}: no such file");
                return ExitCodes.BadInput;
            }
            bool quiet = parsed.GetValue(silent) || luaFile != null;
            using var session = Session.Open(vmlinux, vmcore, io, quiet);
            if (luaFile != null)
                return session.Execute(["lua", luaFile, .. scriptArgs]) ? ExitCodes.Ok : ExitCodes.BadInput;
            int rc = ExitCodes.Ok;
            if (script != null)
            {
                using var reader = new StreamReader(script);
                rc = session.RunBatch(reader, echo: !quiet);
                if (session.ExitRequested)
                    return rc;
            }
            int rest = interactiveInput ? session.RunInteractive(stdin) : session.RunBatch(stdin, echo: !quiet);
            return rc != ExitCodes.Ok ? rc : rest;
        }
        catch (DumpFormatException e)
        {
            stderr.WriteLine($"crashdive: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Symbols.DebugInfoFormatException e)
        {
            stderr.WriteLine($"crashdive: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
