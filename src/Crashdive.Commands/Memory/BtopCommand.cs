using Crashdive.Commands.Arguments;

namespace Crashdive.Commands.Memory;

/// <summary><c>btop</c>: byte addresses to page frame numbers.</summary>
public sealed class BtopCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "address ...";

    /// <inheritdoc/>
    public string Name => "btop";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "btop",
        Summary = "bytes to page",
        Synopsis = Synopsis,
        Description = """
            Divides each address by the dump's page size and prints the address and its page frame number,
            both in hexadecimal. The words are read as hexadecimal; there are no options.
            """,
        Arguments = [new("address", "one or more hexadecimal addresses")],
        Examples = [new("btop 512a000", "prints 512a000: 512a on a dump with 4 KiB pages")],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        // crash reads no options here: every word is an address.
        if (args.Count == 0)
        {
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        int shift = System.Numerics.BitOperations.Log2((uint)context.Kernel.Dump.PageSize);
        foreach (string word in args)
        {
            ulong address = AddressExpression.ParseHex(word);
            context.Out.Write($"{address:x}: {address >> shift:x}\n");
        }
    }
}
