namespace Crashdive.Commands.Gdb;

/// <summary>gdb's <c>output[/F] EXPRESSION</c>: the value alone, no history number and no newline.</summary>
public sealed class OutputCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "output";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "output",
        Summary = "print a value without a history number or newline (gdb)",
        Synopsis = "[/f] expression",
        Description = """
            gdb's output: prints the value of the expression as print does, but without "$N = " in front,
            without recording it in the value history and without a newline at the end, so that scripts can put
            values inside their own text. A format letter after a slash (x z d u o t a c f s) prints it in that
            format, as print/f does. ("help output" shows how command output can be redirected.)
            """,
        Arguments = [new("expression", "the value to print")],
        Examples = [new("output/x init_task.pid", "0x0, with no newline")],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args) =>
        GdbCommand.Run(context, GdbCommand.LineOf(Name, args), () => GdbPrint.Run(context, Name, string.Join(' ', args), record: false));
}
