using Crashdive.Commands;

namespace Crashdive.Tests.Prompt;

/// <summary>A command for prompt tests: runs <paramref name="run"/>, with a help text in the commands' form.</summary>
internal sealed class FakeCommand(string name, Action<CommandContext, IReadOnlyList<string>> run) : ICommand
{
    public string Name => name;

    public CommandSpec Spec { get; } = new()
    {
        Name = name,
        Summary = "a test command",
        Synopsis = "[-ab] [word]...",
        Description = "For tests.",
        Options = [new("-a", null, "a flag"), new("-b", null, "another flag")],
    };

    public void Execute(CommandContext context, IReadOnlyList<string> args) => run(context, args);

    /// <summary><c>echo</c>: prints its arguments, one per line, between brackets (to see word splitting).</summary>
    public static FakeCommand Echo() => new("echo", (c, args) =>
    {
        foreach (var a in args)
            c.Out.WriteLine($"[{a}]");
    });

    /// <summary><c>opts</c>: accepts -a and -b only, through the commands' option parser.</summary>
    public static FakeCommand Opts() => new("opts", (c, args) => new OptionParser("opts", "ab").Parse(args));
}
