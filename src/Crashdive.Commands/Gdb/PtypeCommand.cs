namespace Crashdive.Commands.Gdb;

/// <summary>gdb's <c>ptype[/o] TYPE | EXPRESSION</c>: a type, or the type of an expression, in full.</summary>
public sealed class PtypeCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "ptype";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "ptype",
        Summary = "show a type or an expression's type in full (gdb)",
        Synopsis = "[/o] type | expression",
        Description = """
            gdb's ptype: shows a type by name (struct task_struct, a typedef such as pid_t, unsigned long, with
            any number of *), or the type of an expression, with typedefs looked through and the struct, union
            or enum at its root written out member by member; members of named struct types are named,
            anonymous ones written out in place. Function and function-pointer types show their parameters,
            arrays their bounds, enums their constants (with "= value" where a constant does not follow on from
            the one before).

            With /o each member also shows its offset and size, the holes between members and the padding at
            the end are called out, and nested structs and unions are written out.
            """,
        Arguments = [new("type | expression", "a type name, or an expression whose type is shown")],
        Examples =
        [
            new("ptype struct list_head", "the two pointers of a list_head"),
            new("ptype/o struct list_head", "the same with offsets and sizes"),
            new("ptype jiffies", "type = volatile unsigned long"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args) =>
        GdbCommand.Run(context, GdbCommand.LineOf(Name, args), () => GdbTypes.Run(context, Name, string.Join(' ', args), ptype: true));
}
