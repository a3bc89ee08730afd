namespace Crashdive.Commands.Gdb;

/// <summary>gdb's <c>output[/F] EXPRESSION</c>: the value alone, no history number and no newline.</summary>
public sealed class OutputCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "output";

    /// <inheritdoc/>
    public string Summary => "print a value without a history number or newline (gdb)";

    /// <inheritdoc/>
    public string Help => """
        NAME
          output - print a value without a history number or newline (gdb)

        SYNOPSIS
          output[/f] expression

        DESCRIPTION
          gdb's output: prints the value of the expression as print does, but without
          "$N = " in front, without recording it in the value history and without a
          newline at the end, so that scripts can put values inside their own text.
          A format letter after a slash (x z d u o t a c f s) prints it in that format,
          as print/f does.

        EXAMPLES
            crash> output jiffies
            crash> output/x init_task.pid
        """;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args) =>
        GdbCommand.Run(context, GdbCommand.LineOf(Name, args), () => GdbPrint.Run(context, Name, string.Join(' ', args), record: false));
}
