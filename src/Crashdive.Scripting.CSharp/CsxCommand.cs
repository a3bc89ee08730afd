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
    public string Summary => "run a C# script";

    /// <inheritdoc/>
    public string Help => """
        NAME
          csx - run a C# script

        SYNOPSIS
          csx file [arg ...]
          csx -e code [arg ...]

        DESCRIPTION
          Compiles and runs a C# script (the first one takes a few seconds: the
          compiler loads then). Globals: Kernel, Out, Args, Cancellation, Print(x),
          Exec(line) (a crash command's text), Var(name), Type(name),
          Object(type, addr), Cast(obj, type), ContainerOf(ptr, type, member),
          ListForEachEntry(head, type, member), HlistForEachEntry(...),
          RbtreeForEachEntry(...), XaForEach(xarray), Tasks(), Task(pid),
          Symbol(addr), Address(name), ReadU8/U16/U32/U64(addr), Read(addr, len).
          Objects are KObject: obj["member"], obj.Member("a.b"), obj.Deref(),
          obj.Index(i), obj.ToUInt64(), obj.ReadString(), obj.Address.

        EXAMPLES
            crash> csx -e "Print(Var(\"init_task\")[\"comm\"].ReadString())"
            swapper/0
        """;

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
