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
    public string Summary => "page to bytes";

    /// <inheritdoc/>
    public string Help => $"""
        NAME
          ptob - page to bytes

        SYNOPSIS
          ptob {Synopsis}

        DESCRIPTION
          Translates page frame numbers to the physical address of their first byte.
          A number made only of decimal digits is decimal; otherwise it is read as
          hexadecimal (0x10, 1f). Both columns print in hexadecimal.

        EXAMPLE
          ptob 512        prints "200: 200000"
        """;

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
