using Crashdive.Commands.Arguments;

namespace Crashdive.Commands.Memory;

/// <summary><c>ptob</c>: page frame numbers to byte addresses.</summary>
public sealed class PtobCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "page_number ...";

    /// <inheritdoc/>
    public string Name => "ptob";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "ptob",
        Summary = "page to bytes",
        Synopsis = Synopsis,
        Description = """
            Multiplies each page frame number by the dump's page size and prints the number and the physical
            address of the page's first byte, both in hexadecimal. A word of decimal digits only is decimal;
            any other is read as hexadecimal (0x10, 1f). There are no options.
            """,
        Arguments = [new("page_number", "one or more page frame numbers")],
        Examples = [new("ptob 512", "prints 200: 200000 with 4 KiB pages")],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        // crash reads no options here: every word is a page number.
        if (args.Count == 0)
        {
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        int shift = System.Numerics.BitOperations.Log2((uint)context.Kernel.Dump.PageSize);
        foreach (string word in args)
        {
            ulong pfn = AddressExpression.ParseNumber(word);
            context.Out.Write($"{pfn:x}: {pfn << shift:x}\n");
        }
    }
}
