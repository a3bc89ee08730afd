using Crashdive.Commands;
using Crashdive.Kernel;

namespace Crashdive.Scripting.CSharp;

/// <summary>
/// <c>csx FILE [args]</c> and <c>csx -e CODE</c>: runs a C# script with the typed kernel API. The
/// compiler loads at the first use (a few seconds), not before.
/// </summary>
public sealed class CsxCommand(KernelProgram kernel, ICommandLineRunner runner) : ICommand
{
    /// <inheritdoc/>
    public string Name => "csx";

    /// <inheritdoc/>
    public CommandSpec Spec => Declaration;

    /// <summary>The declaration, static so that the man page and completion can list it without a session.</summary>
    public static CommandSpec Declaration { get; } = new()
    {
        Name = "csx",
        Summary = "run a C# script",
        Synopsis = "file [arg ...]\n  csx -e code [arg ...]",
        Description = """
            Compiles and runs a C# script against the dump. The compiler is loaded at the first use, which takes
            a few seconds; later scripts start at once.

            A script sees these globals: Kernel, Out, Args, Cancellation, Print(x), Exec(line) (the text a
            crash command prints), Var(name), Type(name), Object(type, addr), Cast(obj, type),
            ContainerOf(ptr, type, member), ListForEachEntry(head, type, member), HlistForEachEntry(...),
            RbtreeForEachEntry(...), XaForEach(xarray), Tasks(), Task(pid), Symbol(addr), Address(name),
            ReadU8/U16/U32/U64(addr) and Read(addr, len). Values are KObjects: obj["member"],
            obj.Member("a.b"), obj.Deref(), obj.Index(i), obj.ToUInt64(), obj.ReadString(), obj.Address.
            """,
        Options =
        [
            new("-e", "code", "run the C# given on the line instead of a file"),
        ],
        Arguments =
        [
            new("file", "the script to run"),
            new("arg", "words the script finds in Args"),
        ],
        Examples =
        [
            new("csx -e \"Print(Var(\\\"init_task\\\")[\\\"comm\\\"].ReadString())\"", "prints swapper/0"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count == 0 || (args[0] == "-e" && args.Count < 2))
            throw new CommandUsageException("");
        string code, path;
        IReadOnlyList<string> rest;
        if (args[0] == "-e")
        {
            (code, path, rest) = (args[1], "(command line)", args.Skip(2).ToList());
        }
        else
        {
            if (!File.Exists(args[0]))
                throw new CommandException($"cannot open {args[0]}: no such file");
            (code, path, rest) = (File.ReadAllText(args[0]), args[0], args.Skip(1).ToList());
        }
        CsxRunner.Run(code, path, new CsxGlobals(kernel, runner, context.Out, rest, context.Cancellation));
    }
}
