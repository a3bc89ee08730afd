namespace Crashdive.Commands.Lists;

/// <summary>
/// How <c>list -s</c> and <c>tree -s</c> print each entry: gdb's formatting of a whole structure (crash's
/// <c>dump_struct</c>) or of one member (<c>dump_struct_member</c>, printed as <c>  member = value</c>).
/// The gdb-style formatter implements it; until then <see cref="UnavailableStructPrinter"/> says so.
/// </summary>
public interface IStructEntryPrinter
{
    /// <summary>Prints the structure <paramref name="typeName"/> (<c>task_struct</c>) at <paramref name="address"/>; radix 0 is the default, else 10 or 16.</summary>
    void PrintStruct(CommandContext context, string typeName, ulong address, int radix);

    /// <summary>Prints member <paramref name="member"/> (<c>pid</c>, <c>se.on_rq</c>, <c>comm[0]</c>) of the <paramref name="typeName"/> at <paramref name="address"/>.</summary>
    void PrintMember(CommandContext context, string typeName, string member, ulong address, int radix);
}

/// <summary>The placeholder until the gdb-style formatter is wired in: <c>-s</c> fails with one line, <c>-S</c> works.</summary>
public sealed class UnavailableStructPrinter : IStructEntryPrinter
{
    /// <inheritdoc/>
    public void PrintStruct(CommandContext context, string typeName, ulong address, int radix) =>
        throw new CommandException("-s: gdb-style structure printing is not available yet (use -S struct.member for members up to 8 bytes)");

    /// <inheritdoc/>
    public void PrintMember(CommandContext context, string typeName, string member, ulong address, int radix) =>
        PrintStruct(context, typeName, address, radix);
}
